// What may be uploaded where, checked in the browser before the bytes go out. The server decides
// the type by content and enforces the same limits; this only spares a long upload that it would
// refuse, with a message that says why.
import { format, msg } from '@/i18n';

/** The file types the server recognises (src/files/sniff.cpp). */
export type UploadType = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx';

const extensions: Record<UploadType, string[]> = {
  pdf: ['.pdf'],
  jpeg: ['.jpg', '.jpeg'],
  png: ['.png'],
  docx: ['.docx'],
  xlsx: ['.xlsx'],
};
const labels: Record<UploadType, string> = {
  pdf: 'PDF',
  jpeg: 'JPEG',
  png: 'PNG',
  docx: 'DOCX',
  xlsx: 'XLSX',
};

/** Where a file goes: the types accepted there and the size limit in MiB. */
export interface UploadRule {
  types: readonly UploadType[];
  maxMb: number;
}

/** Declaration attachments: the five types; the size limit is the round's (`uploads.max_file_mb`). */
export const attachmentTypes: readonly UploadType[] = ['pdf', 'jpeg', 'png', 'docx', 'xlsx'];
/** Reviewers' files (blacklist evidence): src/service/reviews.cpp kMaxReviewerFileBytes. */
export const reviewerFileRule: UploadRule = { types: ['pdf', 'jpeg', 'png'], maxMb: 20 };
/** The formal letter of a recommendation list: a stamped PDF, stored as a reviewer's file. */
export const letterRule: UploadRule = { types: ['pdf'], maxMb: 20 };
/** A written objection's material: src/service/province_stages.cpp kMaxObjectionFileBytes. */
export const objectionFileRule: UploadRule = { types: ['pdf', 'jpeg', 'png'], maxMb: 10 };

/** The `accept` attribute of a file input for `types`. */
export function acceptOf(types: readonly UploadType[]): string {
  return types.flatMap((t) => extensions[t]).join(',');
}

/** The types as people name them: “PDF、JPEG 或 PNG”. */
export function typeNames(types: readonly UploadType[]): string {
  const names = types.map((t) => labels[t]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('、')} 或 ${names[names.length - 1]}`;
}

/** The type a file name says it is, or null. */
export function typeOfName(name: string): UploadType | null {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = lower.slice(dot);
  for (const [t, list] of Object.entries(extensions) as [UploadType, string[]][])
    if (list.includes(ext)) return t;
  return null;
}

/** Why `file` cannot be uploaded under `rule` (a Chinese message), or null when it can. */
export function uploadProblem(
  file: { name: string; size: number },
  rule: UploadRule,
): string | null {
  const type = typeOfName(file.name);
  if (type === null || !rule.types.includes(type))
    return format(msg.upload.wrongType, { name: file.name, types: typeNames(rule.types) });
  if (file.size === 0) return format(msg.upload.empty, { name: file.name });
  if (file.size > rule.maxMb * 1024 * 1024)
    return format(msg.upload.tooLarge, {
      name: file.name,
      size: (file.size / (1024 * 1024)).toFixed(1),
      max: rule.maxMb,
    });
  return null;
}
