//===- StatsTable.cpp - the human-readable per-block table ----------------===//

#include "mnv4/Support/Stats.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>

using namespace mnv4;
using llvm::json::Object;

namespace {

using Row = llvm::SmallVector<std::string, 12>;

std::string intOr(const Object &a, llvm::StringRef key, llvm::StringRef none) {
  if (std::optional<int64_t> v = a.getInteger(key))
    return std::to_string(*v);
  return none.str();
}

std::string flag(const Object &a, llvm::StringRef key) {
  std::optional<bool> v = a.getBoolean(key);
  if (!v)
    return "-";
  return *v ? "y" : "n";
}

/// A [x, y] attribute as "x" when both agree, else "xXy".
std::string pair(const Object &a, llvm::StringRef key) {
  const llvm::json::Array *v = a.getArray(key);
  if (!v || v->size() != 2)
    return "-";
  std::optional<int64_t> x = (*v)[0].getAsInteger(), y = (*v)[1].getAsInteger();
  if (!x || !y)
    return "-";
  return *x == *y ? std::to_string(*x) : llvm::formatv("{0}x{1}", *x, *y).str();
}

std::string dwKernel(const Object &a, llvm::StringRef key) {
  std::optional<int64_t> k = a.getInteger(key);
  return k && *k ? std::to_string(*k) : "-";
}

std::string kindColumn(const BlockStats &b) {
  if (std::optional<llvm::StringRef> form = b.attrs.getString("form"))
    return (b.kind + ":" + *form).str();
  return b.kind;
}

std::string strideColumn(const BlockStats &b) {
  if (b.attrs.get("strides"))
    return pair(b.attrs, "strides");
  return intOr(b.attrs, "stride", "-");
}

std::string kernelColumn(const BlockStats &b) {
  const Object &a = b.attrs;
  if (b.kind == "uib")
    return dwKernel(a, "start_kernel") + "/" + dwKernel(a, "mid_kernel");
  if (b.kind == "mqa")
    return a.getInteger("kv_kernel").value_or(0)
               ? "kv:dw" + intOr(a, "kv_kernel", "-")
               : "-";
  if (a.getArray("kernel"))
    return pair(a, "kernel");
  return intOr(a, "kernel", "-");
}

std::string midColumn(const BlockStats &b) {
  const Object &a = b.attrs;
  if (b.kind == "mqa")
    return llvm::formatv("h{0} k{1} v{2} kv{3}", intOr(a, "heads", "?"),
                         intOr(a, "key_dim", "?"), intOr(a, "value_dim", "?"),
                         intOr(a, "kv_stride", "?"))
        .str();
  return intOr(a, "expanded_channels", "-");
}

std::string channelsColumn(const Object &a) {
  std::optional<int64_t> in = a.getInteger("in_channels");
  std::optional<int64_t> out = a.getInteger("out_channels");
  if (in && out)
    return llvm::formatv("{0}->{1}", *in, *out).str();
  return intOr(a, "channels", "-");
}

std::string textOr(const Object &a, llvm::StringRef key) {
  std::optional<llvm::StringRef> v = a.getString(key);
  return v && *v != "none" ? v->str() : "-";
}

Row blockRow(const BlockStats &b) {
  const Object &a = b.attrs;
  return {textOr(a, "name"),        kindColumn(b),
          strideColumn(b),          kernelColumn(b),
          channelsColumn(a),        midColumn(b),
          textOr(a, "act"),         textOr(a, "antialias"),
          flag(a, "layer_scale"),   flag(a, "residual"),
          std::to_string(b.params), std::to_string(b.macs)};
}

} // namespace

void mnv4::printStatsTable(const ModelStats &stats, llvm::raw_ostream &os) {
  std::vector<Row> rows;
  rows.push_back({"name", "kind", "stride", "kernel", "in->out", "mid", "act",
                  "aa", "LS", "res", "params", "MACs"});
  for (const BlockStats &b : stats.blocks)
    rows.push_back(blockRow(b));
  Row totals(rows.front().size(), "");
  totals.front() = "total";
  totals[totals.size() - 2] = std::to_string(stats.params);
  totals.back() = std::to_string(stats.macs);
  rows.push_back(std::move(totals));

  std::vector<size_t> width(rows.front().size(), 0);
  for (const Row &row : rows)
    for (size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], row[i].size());

  // Text columns left-aligned, the two counts (last columns) right-aligned.
  size_t firstNumber = width.size() - 2;
  for (const Row &row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string pad(width[i] - row[i].size(), ' ');
      line += i ? "  " : "";
      line += i < firstNumber ? row[i] + pad : pad + row[i];
    }
    os << llvm::StringRef(line).rtrim() << "\n";
  }
  os << "weights stored: " << stats.weights << "\n";
}
