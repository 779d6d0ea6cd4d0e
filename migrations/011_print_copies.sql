-- Print copies of uploaded pictures: the JPEG the 申报书 PDF embeds in place of a PNG or an
-- oversized JPEG (documents::make_print_copy), made once when the picture is uploaded. Keyed by
-- the SHA-256 of the uploaded picture, like files; the copy's bytes are in the file store under
-- their own SHA-256. A row is written once and never updated. A picture without a row is
-- embedded as it was uploaded.
CREATE TABLE print_copies (
  sha256 TEXT NOT NULL PRIMARY KEY,
  copy_sha256 TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
