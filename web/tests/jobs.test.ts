import { describe, expect, it } from 'vitest';
import { followJob, jobPercent, type Job } from '@/logic/jobs';

const job = (state: Job['state'], done: number, total: number): Job => ({
  id: 'j_1',
  state,
  done,
  total,
  step: `${done}/${total}`,
});

describe('jobPercent', () => {
  it('is 0 while the total is unknown and 100 only when done', () => {
    expect(jobPercent(job('queued', 0, 0))).toBe(0);
    expect(jobPercent(job('running', 3, 12))).toBe(25);
    expect(jobPercent(job('running', 12, 12))).toBe(99);
    expect(jobPercent(job('done', 12, 12))).toBe(100);
  });
});

describe('followJob', () => {
  it('polls until the job is done, reporting each answer and backing off', async () => {
    const answers = [
      job('queued', 0, 0),
      job('running', 2, 5),
      job('running', 4, 5),
      job('done', 5, 5),
    ];
    const seen: number[] = [];
    const waits: number[] = [];
    const done = await followJob(
      async () => answers.shift() as Job,
      (j) => seen.push(j.done),
      async (ms) => {
        waits.push(ms);
      },
      { intervalMs: 400 },
    );
    expect(done.state).toBe('done');
    expect(seen).toEqual([0, 2, 4, 5]);
    expect(waits).toEqual([400, 500, 625]);
  });
  it('resolves with a failed job and gives up after maxPolls', async () => {
    const failed = { ...job('failed', 1, 5), error: { code: 'X', message: '失败' } };
    await expect(
      followJob(
        async () => failed,
        () => {},
        async () => {},
      ),
    ).resolves.toMatchObject({
      state: 'failed',
    });
    await expect(
      followJob(
        async () => job('running', 1, 5),
        () => {},
        async () => {},
        { maxPolls: 3 },
      ),
    ).rejects.toThrow('timeout');
  });
});
