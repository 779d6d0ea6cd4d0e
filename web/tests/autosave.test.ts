import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { Autosaver, type SaveState } from '@/logic/autosave';

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function make(save: (t: string) => Promise<void>) {
    const states: SaveState[] = [];
    const onSaved = vi.fn();
    const s = new Autosaver({ save, onState: (st) => states.push(st), onSaved, delayMs: 100 });
    return { s, states, onSaved };
  }

  it('saves each dirty target once after a pause', async () => {
    const saved: string[] = [];
    const { s, states, onSaved } = make(async (t) => {
      saved.push(t);
    });
    s.touch('cover');
    s.touch('cover');
    s.touch('factory');
    expect(s.state).toBe('dirty');
    await vi.advanceTimersByTimeAsync(150);
    expect(saved).toEqual(['cover', 'factory']);
    expect(s.state).toBe('saved');
    expect(states).toContain('saving');
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('stops at a version conflict and drops the unsaved changes', async () => {
    const { s } = make(async () => {
      throw new ApiError(409, 'VERSION_CONFLICT', '已在别处修改', { current_version: 9 }, 'version_conflict');
    });
    s.touch('pledge');
    await vi.advanceTimersByTimeAsync(150);
    expect(s.state).toBe('conflict');
    expect(s.error?.details).toEqual({ current_version: 9 });
    s.touch('cover'); // ignored until reloaded
    expect(s.state).toBe('conflict');
    s.reset();
    expect(s.state).toBe('saved');
  });

  it('keeps a target dirty after another error and retries it on the next change', async () => {
    let fail = true;
    const saved: string[] = [];
    const { s } = make(async (t) => {
      if (fail) throw new ApiError(503, 'DB_BUSY', '忙', {}, 'unavailable');
      saved.push(t);
    });
    s.touch('narrative');
    await vi.advanceTimersByTimeAsync(150);
    expect(s.state).toBe('error');
    fail = false;
    await s.flush();
    expect(saved).toEqual(['narrative']);
    expect(s.state).toBe('saved');
  });
});
