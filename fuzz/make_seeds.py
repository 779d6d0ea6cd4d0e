#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<target>/ and the dictionaries fuzz/<target>.dict.

Seeds are small (a few KB): shipped data files and test fixtures copied as they are, requests
and tables written here, workbooks packed here part by part, and declarations cut down from
`tidu sample`; dictionaries hold the keys of the shipped data and the tokens of each format.
Both are checked in; run this again only to change them (docs/fuzzing.md):

    fuzz/make_seeds.py [--tidu build-dev/tidu]

Without --tidu the declaration seeds already in fuzz/corpus/declaration_check are kept.
"""
import argparse
import base64
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
ROUNDS = ["fj-2025-advanced", "hb-tianmen-2026-basic", "jx-2025-advanced", "sn-2024-excellent"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(region: str, serial: str) -> str:
    """An 18-character 统一社会信用代码 with its GB 32100-2015 check character."""
    body = "91" + region + serial
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def fresh(target: str) -> Path:
    d = CORPUS / target
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


def write(d: Path, name: str, content) -> None:
    data = content.encode() if isinstance(content, str) else content
    (d / name).write_bytes(data)


def copy(d: Path, *paths: str) -> None:
    for p in paths:
        src = ROOT / p
        write(d, p.replace("/", "_"), src.read_bytes())


# ---- declaration_check ----

def shrink(value, depth=0):
    """The same shape with at most two items a list and short texts."""
    if isinstance(value, dict):
        return {k: shrink(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [shrink(v, depth + 1) for v in value[:2]]
    if isinstance(value, str) and len(value) > 24:
        return value[:24]
    return value


def declaration_seeds(tidu):
    d = CORPUS / "declaration_check"
    if tidu is None:
        return
    d = fresh("declaration_check")
    for r in ROUNDS:
        full = json.loads(subprocess.run([tidu, "sample", "--round", r], check=True,
                                         capture_output=True, text=True).stdout)
        small = shrink(full)
        write(d, f"{r}.json", json.dumps(small, ensure_ascii=False, separators=(",", ":")))
    fj = shrink(json.loads((d / "fj-2025-advanced.json").read_text()))
    wrong = dict(fj)
    wrong["enterprise"] = dict(fj["enterprise"], employees="many", founded=20060518,
                               financials={"year": 2024}, unknown_key=True)
    wrong["scenarios"] = [None, 3, {"scenario": 7, "images": "x"}]
    write(d, "wrong-types.json", json.dumps(wrong, ensure_ascii=False))
    write(d, "minimal.json", '{"format":"tidu.declaration/1","round":"fj-2025-advanced"}')
    write(d, "not-object.json", '[1,2,{"format":null}]')
    write(d, "broken.json", '{"format":"tidu.declaration/1",\n "cover": {"date": "2025-0')
    write(d, "numbers.json", '{"format":"tidu.declaration/1","enterprise":{"employees":1e300,'
          '"financials":[{"year":-2147483648,"revenue":-1.5e308}]},"factory":{"investment":-0}}')


# ---- round_loader and catalogue_loader ----

def loader_seeds():
    d = fresh("round_loader")
    copy(d, "data/rounds/fj-2025-advanced.yaml", "data/rounds/hb-tianmen-2026-basic.yaml",
         "data/rounds/jx-2025-advanced.yaml", "data/rounds/sn-2024-excellent.yaml",
         "data/demo/rounds/demo-tianmen-basic.yaml", "data/forms/jiangxi-advanced-2025.yaml",
         "data/review/onsite-default-2024.yaml", "data/review/calendars/cn-mainland.yaml",
         "tests/fixtures/malformed-rounds/bad-closes/rounds/jx-2025-advanced.yaml",
         "tests/fixtures/malformed-rounds/bad-path/rounds/jx-2025-advanced.yaml",
         "tests/fixtures/malformed-rounds/quota-outside/rounds/jx-2025-advanced.yaml",
         "tests/fixtures/malformed-rounds/unknown-key/rounds/jx-2025-advanced.yaml",
         "tests/fixtures/review-rounds/bad-review/fj-bad-review.yaml")
    # The score sheet is 10 KB: its head and first criteria are enough to learn its shape.
    sheet = (ROOT / "data/review/default-2024.yaml").read_text().splitlines(keepends=True)
    write(d, "default-2024-head.yaml", "".join(sheet[:80]))
    write(d, "deep.yaml", "a: " + "[" * 70 + "]" * 70 + "\n")
    write(d, "anchors.yaml", "kind: round\nid: &a x\nname: *a\nlevels: [*a, *a]\n")

    d = fresh("catalogue_loader")
    copy(d, "data/catalogue/industries/coarse.yaml", "data/catalogue/sizes/2017.yaml",
         "data/catalogue/titles.yaml", "data/catalogue/kpis/2024.yaml",
         "data/catalogue/requirements/2024.yaml", "tests/fixtures/guides/2025-draft/2025.yaml",
         "tests/fixtures/malformed/syntax-error/guide.yaml",
         "tests/fixtures/malformed/unknown-domain/guide.yaml",
         "tests/fixtures/malformed/duplicate-scenario-number/guide.yaml")
    industries = (ROOT / "data/catalogue/industries/gbt4754-2017.yaml").read_text()
    write(d, "gbt4754-2017-head.yaml", "".join(industries.splitlines(keepends=True)[:60]))


# ---- http_request and upload_body ----

def request(method, target, body=b"", headers=()):
    head = [f"{method} {target} HTTP/1.1", "Host: localhost",
            "Cookie: tidu_lang=zh; tidu_session=abc123", "X-CSRF-Token: t0k"]
    head += list(headers)
    if body or method in ("POST", "PUT"):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def entry(name, compression):
    """A ZIP entry with a fixed time, so that the seeds are the same on every run."""
    return zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), compression


def tiny_zip(names):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in names:
            info, compression = entry(n, zipfile.ZIP_STORED)
            z.writestr(info, "<x/>", compress_type=compression)
    return out.getvalue()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1d10000000049454e44ae426082")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + \
    bytes.fromhex("ffc0000b080001000101011100ffda0008010100003f00d2cf20ffd9")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DOCX = tiny_zip(["[Content_Types].xml", "word/document.xml"])
XLSX = tiny_zip(["[Content_Types].xml", "xl/workbook.xml"])


def http_seeds():
    d = fresh("http_request")
    decl = b'{"format":"tidu.declaration/1","round":"fj-2025-advanced"}'
    write(d, "get-query", request("GET", "/api/v1/declarations?page=2&page_size=50&q=%E7%A6%8F+"
                                  "%E5%B7%9E&status=draft"))
    write(d, "get-params", request("GET", "/api/v1/declarations/d-1/files/ab%2Fcd?download=1"))
    write(d, "upload-png", request("POST", "/api/v1/declarations/d-1/files?name=%E5%9B%BE.png",
                                   PNG, ["Content-Type: image/png"]))
    write(d, "upload-pdf", request("POST", "/api/v1/enterprises/e-1/files?name=../a%00b.pdf",
                                   PDF))
    write(d, "validate", request("POST", "/api/v1/declarations/d-1/validate", decl,
                                 ["Content-Type: application/json"]))
    write(d, "objection", request("POST", "/api/v1/notices/n-1/objections", json.dumps({
        "objector_name": "张三", "content": "异议", "file_name": "a.pdf",
        "file_base64": base64.b64encode(PDF).decode()}, ensure_ascii=False).encode(),
        ["Content-Type: application/json; charset=utf-8"]))
    write(d, "bad-json", request("PUT", "/api/v1/declarations/d-1/sections/cover",
                                 b'{"cover":\n {"date": 2025-}}', ["Content-Type: application/json"]))
    write(d, "chunked", b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
          b"\r\nContent-Type: application/json"
          b"\r\n\r\n5\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n")
    write(d, "pipelined", request("GET", "/api/v1/health") +
          request("DELETE", "/api/v1/session", headers=["Connection: close"]))
    write(d, "method-not-allowed", request("PATCH", "/api/v1/verify/%ZZ%4", b"x"))
    write(d, "http10", b"GET /api/v1/rounds/r/batch/summary.xlsx?a&=b&c=%&d=%4 HTTP/1.0\r\n"
          b"Cookie: ;;tidu_session;tidu_session=\r\nCookie: x=y\r\n\r\n")

    d = fresh("upload_body")
    for name, data in {"png": PNG, "jpeg": JPEG, "pdf": PDF, "docx": DOCX, "xlsx": XLSX,
                       "base64": base64.b64encode(PNG), "name": "../申报书\u202efdp.exe".encode(),
                       "long-name": ("很长的文件名" * 30 + ".pdf").encode()}.items():
        write(d, name, data)


# ---- csv_import, xlsx_import, xlsx_parts ----

FQ = [credit_code("350181", s) for s in ("MA2XYK01", "MA2XYK02", "MA2XYK03")]
TABLES = {
    "blacklist": [["credit_code", "name", "list", "date"],
                  [FQ[0], "某某公司", "失信被执行人", "2024-03-01"],
                  [FQ[1], "另一公司", "serious_dishonesty", "45658"]],
    "directory": [["统一社会信用代码", "企业名称", "所在地区", "行业", "是否规上", "营业收入(万元)",
                   "从业人员", "年份"],
                  [FQ[0], "福清企业", "350181", "34", "是", "2,500.5", "300", "2024"],
                  [FQ[2], "", "999999", "C13", "否", "-1", "12.5", ""]],
    "assessments": [["credit_code", "name", "level", "score", "assessed_on", "source", "region"],
                    [FQ[0], "福清企业", "三级", "3.2", "2025-01-02", "智能制造评估评价公共服务平台",
                     "350181"],
                    [FQ[1], "企业二", "L2", "", "45700", "平台", ""]],
    "regions": [["代码", "名称", "上级代码", "类型", "备注"],
                ["350181", "福清市", "350100", "county", ""],
                ["350181100", "玉屏街道", "", "township", "新设"]],
}


def csv_text(rows):
    def field(s):
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s
    return "".join(",".join(field(c) for c in row) + "\r\n" for row in rows)


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
                 '.org/package/2006/content-types"><Default Extension="xml" ContentType='
                 '"application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org'
            '/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
        'sheet1.xml"/></Relationships>')


def column_name(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet_parts(rows, shared_text=True):
    """The worksheet and shared strings of rows: texts shared (or inline), numbers as <v>."""
    strings = []
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column_name(c)}{r}"
            if value == "":
                continue
            if value.replace(".", "", 1).isdigit():
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif shared_text:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
             'org/spreadsheetml/2006/main"><sheetData>' + "".join(xml_rows) +
             '</sheetData></worksheet>')
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main">' + "".join(f"<si><t>{s}</t></si>" for s in strings) +
              '</sst>') if strings else ""
    return sheet, shared


def workbook(rows, compression, shared_text=True):
    sheet, shared = sheet_parts(rows, shared_text)
    out = io.BytesIO()
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", WORKBOOK),
             ("xl/_rels/workbook.xml.rels", RELS), ("xl/worksheets/sheet1.xml", sheet)]
    if shared:
        parts.append(("xl/sharedStrings.xml", shared))
    with zipfile.ZipFile(out, "w") as z:
        for name, content in parts:
            info, compress_type = entry(name, compression)
            z.writestr(info, content, compress_type=compress_type)
    return out.getvalue()


def table_seeds():
    d = fresh("csv_import")
    for kind, rows in TABLES.items():
        write(d, f"{kind}.csv", csv_text(rows))
    write(d, "bom-quotes.csv", "\ufeffcode,name\n\"350181\",\"福清\"\"市\"\"\r\n,多行\n文本\"\n")
    regions = (ROOT / "data/catalogue/regions/gbt2260.csv").read_text().splitlines(keepends=True)
    write(d, "gbt2260-head.csv", "".join(regions[:40]))

    d = fresh("xlsx_import")
    for kind, rows in TABLES.items():
        write(d, f"{kind}-deflated.xlsx", workbook(rows, zipfile.ZIP_DEFLATED))
        write(d, f"{kind}-stored.xlsx", workbook(rows, zipfile.ZIP_STORED, shared_text=False))
    write(d, "old.xls", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(56))
    write(d, "directory.csv", csv_text(TABLES["directory"]))

    d = fresh("xlsx_parts")
    sep = "\n#part\n"
    for kind, rows in TABLES.items():
        sheet, shared = sheet_parts(rows)
        write(d, f"{kind}-shared", sep.join([sheet, shared, WORKBOOK, RELS]))
        sheet, _ = sheet_parts(rows, shared_text=False)
        write(d, f"{kind}-inline", sheet)
    write(d, "types-and-gaps", '<worksheet><sheetData><row r="2"><c r="C2" t="b"><v>1</v></c>'
          '<c r="E2" t="str"><v>=A1</v></c><c t="e"><v>#N/A</v></c><c r="ZZ2"><v>1.5E3</v></c>'
          '</row><row><c t="inlineStr"><is><r><t>富</t></r><rPh><t>ふ</t></rPh><t>文本</t></is>'
          '</c></row></sheetData></worksheet>')


# ---- dictionaries ----

def dict_file(target, tokens, comment):
    entries = []
    for t in sorted({t.encode() if isinstance(t, str) else t for t in tokens}):
        escaped = "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\x{b:02X}"
                          for b in t)
        entries.append(f'"{escaped}"')
    (ROOT / "fuzz" / f"{target}.dict").write_text(f"# {comment}\n# Written by fuzz/make_seeds.py."
                                                 "\n" + "\n".join(entries) + "\n")


def json_keys(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(f'"{k}":')
            json_keys(v, out)
    elif isinstance(value, list):
        for v in value:
            json_keys(v, out)


def yaml_keys(paths):
    keys = set()
    for p in paths:
        for line in (ROOT / p).read_text().splitlines():
            stripped = line.strip().lstrip("- ")
            if ":" in stripped and not stripped.startswith("#"):
                key = stripped.split(":", 1)[0]
                if key and " " not in key and len(key) < 32:
                    keys.add(key + ":")
    return keys


def dictionaries():
    keys = set()
    for f in (CORPUS / "declaration_check").glob("*.json"):
        try:
            json_keys(json.loads(f.read_text()), keys)
        except ValueError:
            pass
    dict_file("declaration_check", keys | {"{", "}", "[", "]", ",", ":", "null", "true", "false",
                                            "-0", "1e308", "2025-04-11", "tidu.declaration/1",
                                            '"\\u0000"', '"\\ud800"', "\ufffd"},
              "Declaration JSON: every key of the format, JSON tokens, edge values.")
    yaml_tokens = {"---", "...", "- ", ": ", "? ", "&a ", "*a", "!!str ", "!!int ", "!!binary ",
                   "{", "}", "[", "]", "|", ">", "~", "null", "true", "false", ".inf", ".nan",
                   "0x1F", "0o17", "2025-04-11", "2025-04-11T09:30:00+08:00", "\t", "'", '"',
                   "<<: *a"}
    dict_file("round_loader", yaml_keys(
        ["data/rounds/fj-2025-advanced.yaml", "data/rounds/sn-2024-excellent.yaml",
         "data/rounds/hb-tianmen-2026-basic.yaml", "data/forms/fujian-advanced-2025.yaml",
         "data/review/default-2024.yaml", "data/review/onsite-default-2024.yaml",
         "data/review/calendars/cn-mainland.yaml"]) | yaml_tokens |
        {"round", "form_template", "score_sheet", "onsite_checklist", "working_day_calendar"},
        "Round-side data files: every key of the shipped rounds, forms, review files; YAML tokens.")
    dict_file("catalogue_loader", yaml_keys(
        ["data/catalogue/guides/2024.yaml", "data/catalogue/requirements/2024.yaml",
         "data/catalogue/kpis/2024.yaml", "data/catalogue/sizes/2017.yaml",
         "data/catalogue/industries/gbt4754-2017.yaml", "data/catalogue/industries/coarse.yaml",
         "data/catalogue/titles.yaml"]) | yaml_tokens |
        {"scenario_guide", "element_conditions", "kpi_reference", "size_classes",
         "industry_classification", "coarse_industries", "title_kinds"},
        "Catalogue data files: every key of the shipped catalogue; YAML tokens.")
    dict_file("http_request", {
        "GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ", " HTTP/1.1\r\n",
        " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "Host: ", "Content-Length: ", "Cookie: ",
        "Transfer-Encoding: chunked", "Connection: close", "Connection: keep-alive",
        "Content-Type: application/json", "X-CSRF-Token: ", "Expect: 100-continue",
        "tidu_session=", "; ", "?", "&", "=", "%", "%2F", "%E7%94%B3", "+", "/api/v1/",
        "declarations/", "files", "validate", "sections/", "session", "notices/", "objections",
        "?name=", "file_base64", "0\r\n\r\n", "{}", "{\"a\":", "..", "%00", "\\"},
        "HTTP/1.1 requests: methods, headers, the API's paths, query and cookie syntax.")
    dict_file("upload_body", {"%PDF-", "%%EOF", b"\x89PNG\r\n\x1A\n", "IHDR", "IEND",
                              b"\xFF\xD8\xFF", b"\xFF\xD9", "PK\x03\x04", "PK\x01\x02",
                              "PK\x05\x06", "word/document.xml", "xl/workbook.xml",
                              "[Content_Types].xml", "=", "==", "/", "\\", ".pdf", "\u202e"},
              "Uploaded files: magic numbers, ZIP records and part names, base64, name edges.")
    headers = set()
    for rows in TABLES.values():
        headers.update(rows[0])
    table_tokens = headers | {",", '"', '""', "\r\n", "\n", "\ufeff", "是", "否", "三级",
                              "L3", "45658", "2025-01-02", "350181", "350000", FQ[0],
                              "失信被执行人", "serious_dishonesty", "township", "county"}
    dict_file("csv_import", table_tokens,
              "Imported tables: every header of every kind, CSV syntax, cell values.")
    xml_tokens = {"<row r=\"1\">", "</row>", "<c r=\"A1\">", "<c r=\"B2\" t=\"s\">",
                  " t=\"inlineStr\"", " t=\"b\"", " t=\"str\"", " t=\"e\"", "</c>", "<v>",
                  "</v>", "<is>", "</is>", "<t>", "</t>", "<rPh>", "</rPh>", "<r>", "</r>", "<si>",
                  "</si>", "<sst>", "</sst>", "<sheetData>", "</sheetData>", "<worksheet>",
                  "</worksheet>", "<sheet r:id=\"rId1\"/>", "<Relationship Id=\"rId1\" Target=",
                  "\"/xl/worksheets/sheet1.xml\"", "\"../x.xml\"", "&amp;", "&#x0;", "<![CDATA[",
                  "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "&a;", "xmlns=", "|", "XFD1048576",
                  "1048577", "1E+308", "-0"}
    dict_file("xlsx_parts", xml_tokens | {"\n#part\n"} | headers,
              "Workbook XML: SpreadsheetML elements and attributes, the part separator.")
    dict_file("xlsx_import", xml_tokens | headers | {"PK\x03\x04", "PK\x01\x02", "PK\x05\x06"},
              "Workbook bytes: ZIP records, SpreadsheetML elements (stored entries), headers.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidu", help="a built tidu binary, for the declaration seeds")
    args = parser.parse_args()
    declaration_seeds(args.tidu)
    loader_seeds()
    http_seeds()
    table_seeds()
    dictionaries()
    for d in sorted(CORPUS.iterdir()):
        files = list(d.iterdir())
        print(f"{d.name:20} {len(files):3} seeds {sum(f.stat().st_size for f in files):7} bytes")


if __name__ == "__main__":
    main()
