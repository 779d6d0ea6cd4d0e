#pragma once
// Region codes (GB/T 2260, township codes, functional zones) imported by an administrator:
// 代码/code, 名称/name, optional 上级代码/parent, 类型/kind, 备注/note, each row checked as
// `tidu regions import` checks it (catalogue::region_problem) against the tree and the rows above
// it. Pure.
#include "catalogue/catalogue.hpp"
#include "core/table.hpp"

namespace tidu::imports {

/// One valid row: the region, its parent and kind filled in.
struct RegionEntry {
  int row = 0;
  catalogue::Region region;
};

using RegionFile = table::Parsed<RegionEntry>;

/// Checks every row of a region file against `known` and the rows before it. Codes REGION_*.
RegionFile parse_regions(const Result<table::Table>& table, const catalogue::RegionTree& known);

}  // namespace tidu::imports
