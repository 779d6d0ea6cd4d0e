#pragma once
// Expert scoring: checking a score sheet against the round's criteria, aggregating a
// declaration's sheets (mean, or mean without the highest and lowest), ranking and the shortlist.
// Pure: criteria come from the round's data files, sheets from storage.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "rounds/round.hpp"

namespace tidu::review {

/// Scores are given in steps of this size (0, 0.5, 1, …).
inline constexpr double kScoreStep = 0.5;
/// Trimmed mean needs at least this many sheets; with fewer it falls back to the mean.
inline constexpr int kMinSheetsToTrim = 3;

/// The round's criteria and aggregation method, as its data file defines them.
using rounds::Aggregation;
using rounds::aggregation_id;
using rounds::Criterion;

/// The aggregation of an id ("mean", "trimmed_mean"); AGGREGATION_UNKNOWN otherwise.
Result<Aggregation> parse_aggregation(std::string_view id);

/// One expert's scores for one declaration.
struct ScoreSheet {
  std::string expert_id;
  std::map<std::string, double> scores;  ///< criterion id -> score
  std::string comment;
};

/// Every problem of the sheet, in Chinese, in criterion order then unknown ids: a missing
/// criterion, an unknown criterion, a score that is not a finite number, negative, above the
/// criterion's max, or not a multiple of kScoreStep (0.5). Empty when the sheet is fine.
std::vector<std::string> validate_sheet(const ScoreSheet& sheet,
                                        const std::vector<Criterion>& criteria);

/// The sum of every score on the sheet (validate it first).
double total(const ScoreSheet& sheet);

/// A declaration's aggregated score.
struct Aggregate {
  std::string declaration_id;
  double score = 0;      ///< rounded to 2 decimals
  int sheets = 0;        ///< sheets submitted (including any dropped by trimming)
  bool trimmed = false;  ///< true when the highest and lowest totals were dropped
  std::string note;      ///< Chinese: how the score was computed
};

/// Aggregates the sheets' totals: the mean, or with kTrimmedMean and at least 3 sheets the mean
/// without one highest and one lowest total (with fewer it falls back to the mean and the note
/// says so). The mean is rounded to 2 decimals half away from zero, computed as
/// round(sum × 100 / n) / 100 so that half-point totals round exactly. Fails with NO_SCORES when
/// there is no sheet and SCORE_SHEET_DUPLICATE when one expert has two sheets.
Result<Aggregate> aggregate(std::string declaration_id, const std::vector<ScoreSheet>& sheets,
                            Aggregation aggregation);

/// An aggregate with its place.
struct Ranked {
  Aggregate aggregate;
  int rank = 0;  ///< competition ranking: 1, 2, 2, 4
};

/// Highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by declaration id.
std::vector<Ranked> rank(std::vector<Aggregate> aggregates);

/// The declaration ids, in the given order, whose rank is within `size` (so a tie at the
/// boundary includes everyone tied) and whose score is at least `min_score`; either bound may be
/// absent. Expects the output of rank().
std::vector<std::string> shortlist(const std::vector<Ranked>& ranked, std::optional<int> size,
                                   std::optional<double> min_score);

}  // namespace tidu::review
