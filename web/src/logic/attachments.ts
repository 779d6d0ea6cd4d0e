// The attachments section's entries: references to files stored for the declaration.

export interface AttachmentRef {
  id: string;
  kind: string;
  name: string;
  sha256: string;
  media_type: string;
  size: number;
}

export interface StoredFile {
  sha256: string;
  name: string;
  media_type: string;
  size: number;
}

/**
 * The list with an uploaded file added under `kind`. The same file under the same kind is kept
 * once; the new entry's id is unique in the list (`<kind>-<n>`).
 */
export function withAttachment(
  list: readonly AttachmentRef[],
  kind: string,
  file: StoredFile,
): AttachmentRef[] {
  if (list.some((a) => a.kind === kind && a.sha256 === file.sha256)) return [...list];
  const ids = new Set(list.map((a) => a.id));
  let n = list.filter((a) => a.kind === kind).length + 1;
  while (ids.has(`${kind}-${n}`)) n += 1;
  return [
    ...list,
    {
      id: `${kind}-${n}`,
      kind,
      name: file.name,
      sha256: file.sha256,
      media_type: file.media_type,
      size: file.size,
    },
  ];
}

/** The list without the entry `id`. */
export function withoutAttachment(list: readonly AttachmentRef[], id: string): AttachmentRef[] {
  return list.filter((a) => a.id !== id);
}
