// Following a background job (the city's bundle) until it is done or failed: pure apart from the
// injected fetch and sleep, so it is testable.

export interface Job {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  step: string;
  error?: { code: string; message: string };
  file?: { name: string; media_type: string; size: number; href: string };
}

/** The job's progress in percent (0 while the total is unknown, 100 when done). */
export function jobPercent(job: Pick<Job, 'state' | 'done' | 'total'>): number {
  if (job.state === 'done') return 100;
  if (job.total <= 0) return 0;
  return Math.min(99, Math.floor((job.done * 100) / job.total));
}

export function isFinished(job: Pick<Job, 'state'>): boolean {
  return job.state === 'done' || job.state === 'failed';
}

/**
 * Polls `fetchJob` every `intervalMs` (growing to at most 2 s) until the job finishes, calling
 * `onProgress` with each answer; resolves with the finished job. Stops with an error after
 * `maxPolls` answers or when `cancelled()` says so.
 */
export async function followJob(
  fetchJob: () => Promise<Job>,
  onProgress: (job: Job) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  options: { intervalMs?: number; maxPolls?: number; cancelled?: () => boolean } = {},
): Promise<Job> {
  let interval = options.intervalMs ?? 400;
  const maxPolls = options.maxPolls ?? 3000;
  for (let i = 0; i < maxPolls; i += 1) {
    const job = await fetchJob();
    onProgress(job);
    if (isFinished(job)) return job;
    if (options.cancelled?.()) throw new Error('cancelled');
    await sleep(interval);
    interval = Math.min(2000, Math.round(interval * 1.25));
  }
  throw new Error('timeout');
}
