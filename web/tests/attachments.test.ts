import { describe, expect, it } from 'vitest';
import { withAttachment, withoutAttachment, type AttachmentRef } from '@/logic/attachments';

const file = (sha256: string, name = `${sha256}.pdf`) => ({
  sha256,
  name,
  media_type: 'application/pdf',
  size: 100,
});

describe('withAttachment', () => {
  it('adds the file under its kind with a numbered id', () => {
    const one = withAttachment([], 'business_licence', file('a'));
    expect(one).toEqual([
      {
        id: 'business_licence-1',
        kind: 'business_licence',
        name: 'a.pdf',
        sha256: 'a',
        media_type: 'application/pdf',
        size: 100,
      },
    ]);
    const two = withAttachment(one, 'business_licence', file('b'));
    expect(two.map((a) => a.id)).toEqual(['business_licence-1', 'business_licence-2']);
  });

  it('keeps the same file under the same kind once, but allows it under another kind', () => {
    const one = withAttachment([], 'credit_report', file('a'));
    expect(withAttachment(one, 'credit_report', file('a'))).toHaveLength(1);
    expect(withAttachment(one, 'other_proof', file('a'))).toHaveLength(2);
  });

  it('never reuses an id left by a removal', () => {
    let list: AttachmentRef[] = withAttachment([], 'k', file('a'));
    list = withAttachment(list, 'k', file('b'));
    list = withoutAttachment(list, 'k-1');
    list = withAttachment(list, 'k', file('c'));
    expect(list.map((a) => a.id)).toEqual(['k-2', 'k-3']);
  });

  it('does not change the list it was given', () => {
    const list: AttachmentRef[] = [];
    withAttachment(list, 'k', file('a'));
    expect(list).toEqual([]);
  });
});
