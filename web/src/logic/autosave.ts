// Autosave: changes mark a save target dirty; after a quiet pause the dirty targets are saved one
// at a time (each save returns the new version the next one needs). The visible state is one of
// saved / dirty / saving / conflict / error. A version conflict stops saving until the person
// reloads, so nothing is overwritten.
import { ApiError } from '@/api/client';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export interface AutosaverOptions {
  /** Saves one target; throws ApiError on failure. */
  save: (target: string) => Promise<void>;
  /** Called after every state change. */
  onState: (state: SaveState, error: ApiError | null) => void;
  /** Called after a round of saves succeeded (e.g. to re-run the checker). */
  onSaved?: () => void;
  delayMs?: number;
}

export class Autosaver {
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private state_: SaveState = 'saved';
  private error_: ApiError | null = null;

  constructor(private readonly options: AutosaverOptions) {}

  get state(): SaveState {
    return this.state_;
  }
  get error(): ApiError | null {
    return this.error_;
  }
  get pending(): boolean {
    return this.dirty.size > 0 || this.running !== null;
  }

  /** Records a change to a target and schedules a save. */
  touch(target: string): void {
    if (this.state_ === 'conflict') return;
    this.dirty.add(target);
    if (this.state_ !== 'saving') this.set('dirty', null);
    this.schedule();
  }

  /** Saves everything now (before submitting, leaving the page); resolves when all is saved. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.running) await this.running;
    if (this.dirty.size > 0 && this.state_ !== 'conflict') {
      this.running = this.run();
      await this.running;
    }
  }

  /** Forgets unsaved changes (after a reload from the server). */
  reset(): void {
    this.clearTimer();
    this.dirty.clear();
    this.set('saved', null);
  }

  dispose(): void {
    this.clearTimer();
  }

  private schedule(): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) {
        // A save is under way: try again once it is done.
        void this.running.then(() => this.schedule());
        return;
      }
      this.running = this.run();
    }, this.options.delayMs ?? 1000);
  }

  private async run(): Promise<void> {
    this.set('saving', null);
    try {
      while (this.dirty.size > 0) {
        const target = this.dirty.values().next().value as string;
        this.dirty.delete(target);
        try {
          await this.options.save(target);
        } catch (e) {
          const err = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e), {}, 'other');
          if (err.kind === 'version_conflict') {
            this.dirty.clear();
            this.set('conflict', err);
          } else {
            this.dirty.add(target);
            this.set('error', err);
          }
          return;
        }
      }
      this.set('saved', null);
      this.options.onSaved?.();
    } finally {
      this.running = null;
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private set(state: SaveState, error: ApiError | null): void {
    this.state_ = state;
    this.error_ = error;
    this.options.onState(state, error);
  }
}
