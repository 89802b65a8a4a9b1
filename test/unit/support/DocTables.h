//===- DocTables.h - markdown tables of mnv4-architectures.md ---*- C++ -*-===//
//
// The stats tests read their expected figures from the shared architecture
// reference at test time, so the doc stays the single source of truth.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TEST_UNIT_SUPPORT_DOCTABLES_H
#define MNV4_TEST_UNIT_SUPPORT_DOCTABLES_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace mnv4::test {

struct MarkdownTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Index of the first header cell equal to `name`, or -1.
  int column(llvm::StringRef name) const;
};

/// A markdown document split into lines.
class MarkdownDoc {
public:
  /// Reads `path`; returns std::nullopt (and sets `error`) if it cannot.
  static std::optional<MarkdownDoc> read(llvm::StringRef path,
                                         std::string &error);
  explicit MarkdownDoc(llvm::StringRef text);

  /// The tables between the heading line starting with `heading` (e.g.
  /// "### 3.1", "#### conv_small") and the next heading of the same or a
  /// higher level, in order. Empty when the heading is missing.
  std::vector<MarkdownTable> tablesInSection(llvm::StringRef heading) const;

  /// Titles of the headings one level below `heading` inside its section
  /// ("#### conv_small" under "### 3.3" gives "conv_small").
  std::vector<std::string> subheadings(llvm::StringRef heading) const;

private:
  std::vector<std::string> lines;
};

/// "1,234" / "1234" -> 1234; std::nullopt if not an integer.
std::optional<int64_t> parseCount(llvm::StringRef cell);

} // namespace mnv4::test

#endif // MNV4_TEST_UNIT_SUPPORT_DOCTABLES_H
