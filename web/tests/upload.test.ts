import { describe, expect, it } from 'vitest';
import {
  acceptOf,
  attachmentTypes,
  letterRule,
  objectionFileRule,
  typeNames,
  typeOfName,
  uploadProblem,
} from '@/logic/upload';

const MB = 1024 * 1024;

describe('upload checks', () => {
  it('knows the types by their extensions, in any case', () => {
    expect(typeOfName('营业执照.PDF')).toBe('pdf');
    expect(typeOfName('photo.jpeg')).toBe('jpeg');
    expect(typeOfName('photo.JPG')).toBe('jpeg');
    expect(typeOfName('财务.xlsx')).toBe('xlsx');
    expect(typeOfName('报告.doc')).toBeNull();
    expect(typeOfName('no-extension')).toBeNull();
  });
  it('builds the accept attribute and names the types in Chinese', () => {
    expect(acceptOf(attachmentTypes)).toBe('.pdf,.jpg,.jpeg,.png,.docx,.xlsx');
    expect(typeNames(['pdf'])).toBe('PDF');
    expect(typeNames(['pdf', 'jpeg', 'png'])).toBe('PDF、JPEG 或 PNG');
  });
  it('accepts a file of an accepted type within the limit', () => {
    expect(
      uploadProblem({ name: 'a.pdf', size: 3 * MB }, { types: attachmentTypes, maxMb: 20 }),
    ).toBeNull();
    expect(
      uploadProblem({ name: 'a.pdf', size: 20 * MB }, { types: attachmentTypes, maxMb: 20 }),
    ).toBeNull();
  });
  it('refuses another type, naming the file and the accepted types', () => {
    expect(
      uploadProblem({ name: '说明.doc', size: 10 }, { types: attachmentTypes, maxMb: 20 }),
    ).toBe('“说明.doc”不能上传：这里只接受 PDF、JPEG、PNG、DOCX 或 XLSX 文件。');
    expect(uploadProblem({ name: '函.docx', size: 10 }, letterRule)).toContain('只接受 PDF 文件');
    expect(uploadProblem({ name: 'x.xlsx', size: 10 }, objectionFileRule)).toContain(
      'PDF、JPEG 或 PNG',
    );
  });
  it('refuses a file over the limit with its size, and an empty file', () => {
    expect(
      uploadProblem({ name: '大.pdf', size: 25.5 * MB }, { types: attachmentTypes, maxMb: 20 }),
    ).toBe('“大.pdf”大小 25.5 MB，超过每个文件 20 MB 的上限，请压缩或拆分后再上传。');
    expect(uploadProblem({ name: '空.pdf', size: 0 }, letterRule)).toContain('空文件');
    expect(uploadProblem({ name: 'x.png', size: 11 * MB }, objectionFileRule)).toContain('10 MB');
  });
});
