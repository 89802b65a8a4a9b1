//===- DocTables.cpp - markdown tables of mnv4-architectures.md -----------===//

#include "DocTables.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mnv4::test;
using llvm::StringRef;

namespace {

size_t headingLevel(StringRef line) {
  size_t level = line.find_first_not_of('#');
  if (level == 0 || level == StringRef::npos || line[level] != ' ')
    return 0;
  return level;
}

std::vector<std::string> splitRow(StringRef line) {
  llvm::SmallVector<StringRef> cells;
  line.trim().split(cells, '|');
  std::vector<std::string> out;
  // "| a | b |" splits into "", "a", "b", "".
  for (size_t i = 1; i + 1 < cells.size(); ++i)
    out.push_back(cells[i].trim().str());
  return out;
}

bool isSeparatorRow(StringRef line) {
  return line.trim().find_first_not_of("|-: ") == StringRef::npos;
}

/// The lines under the first line starting with `heading`, up to the next
/// heading of the same or a higher level, and that heading's level.
struct Section {
  llvm::ArrayRef<std::string> body;
  size_t level = 0;
};

Section findSection(llvm::ArrayRef<std::string> lines, StringRef heading) {
  size_t i = 0;
  while (i < lines.size() && !StringRef(lines[i]).starts_with(heading))
    ++i;
  if (i == lines.size())
    return {};
  size_t level = headingLevel(lines[i]);
  size_t end = i + 1;
  for (; end < lines.size(); ++end) {
    size_t l = headingLevel(lines[end]);
    if (l && l <= level)
      break;
  }
  return {lines.slice(i + 1, end - i - 1), level};
}

} // namespace

int MarkdownTable::column(StringRef name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name)
      return static_cast<int>(i);
  return -1;
}

std::optional<MarkdownDoc> MarkdownDoc::read(StringRef path,
                                             std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = "cannot read " + path.str() + ": " + buffer.getError().message();
    return std::nullopt;
  }
  return MarkdownDoc((*buffer)->getBuffer());
}

MarkdownDoc::MarkdownDoc(StringRef text) {
  llvm::SmallVector<StringRef> split;
  text.split(split, '\n');
  for (StringRef line : split)
    lines.push_back(line.rtrim("\r").str());
}

std::vector<MarkdownTable>
MarkdownDoc::tablesInSection(StringRef heading) const {
  std::vector<MarkdownTable> tables;
  bool inTable = false;
  for (StringRef line : findSection(lines, heading).body) {
    if (!line.trim().starts_with("|")) {
      inTable = false;
      continue;
    }
    if (!inTable) {
      tables.push_back({splitRow(line), {}});
      inTable = true;
    } else if (!isSeparatorRow(line)) {
      tables.back().rows.push_back(splitRow(line));
    }
  }
  return tables;
}

std::vector<std::string> MarkdownDoc::subheadings(StringRef heading) const {
  std::vector<std::string> titles;
  Section section = findSection(lines, heading);
  for (StringRef line : section.body)
    if (size_t l = headingLevel(line); l == section.level + 1)
      titles.push_back(line.drop_front(l + 1).trim().str());
  return titles;
}

std::optional<int64_t> mnv4::test::parseCount(StringRef cell) {
  std::string digits;
  for (char c : cell.trim())
    if (c != ',')
      digits += c;
  int64_t value;
  if (digits.empty() || StringRef(digits).getAsInteger(10, value))
    return std::nullopt;
  return value;
}
