//===- PlanArenaTest.cpp - the arena planner on random programs -----------===//
//
// mnv4-plan-arena run as mnv4-opt runs it, on generated programs of buffers
// with random sizes and lifetimes: every buffer becomes an aligned view
// inside the arena, and two buffers that are live at the same time never
// share a byte. The arena is no larger than all buffers side by side, and a
// chain of buffers each read once by the next needs only two of them.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace {

/// One buffer of a generated program: allocated before top-level step
/// `begin`, last read at step `end`.
struct Spec {
  int64_t floats;
  int begin, end;
};

/// A function whose body allocates each buffer at its begin step and reads
/// element 0 of every buffer live at each step (a memref.load).
std::string program(const std::vector<Spec> &specs, int steps) {
  std::string s = "func.func @run(%out: memref<1xf32>) {\n"
                  "  %c0 = arith.constant 0 : index\n";
  for (int t = 0; t < steps; ++t) {
    for (size_t i = 0; i < specs.size(); ++i)
      if (specs[i].begin == t)
        s += "  %b" + std::to_string(i) + " = memref.alloc() : memref<" +
             std::to_string(specs[i].floats) + "xf32>\n";
    for (size_t i = 0; i < specs.size(); ++i)
      if (specs[i].end == t) {
        std::string type =
            "memref<" + std::to_string(specs[i].floats) + "xf32>";
        s += "  %v" + std::to_string(i) + " = memref.load %b" +
             std::to_string(i) + "[%c0] : " + type + "\n";
        s += "  memref.store %v" + std::to_string(i) +
             ", %out[%c0] : memref<1xf32>\n";
      }
  }
  return s + "  return\n}\n";
}

struct Placed {
  int64_t offset, bytes;
  unsigned begin, end; // top-level op indices
};

class PlanArenaTest : public ::testing::Test {
protected:
  PlanArenaTest() {
    registry.insert<arith::ArithDialect, func::FuncDialect,
                    memref::MemRefDialect>();
    context.appendDialectRegistry(registry);
  }

  /// Parses and plans `text`; returns the placed buffers and the arena size.
  std::vector<Placed> plan(const std::string &text, int64_t alignment,
                           int64_t &arenaBytes) {
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << text;
    PassManager pm(&context);
    mnv4::PlanArenaOptions options;
    options.alignment = alignment;
    pm.addPass(mnv4::createPlanArena(options));
    EXPECT_TRUE(succeeded(pm.run(*module)));
    arenaBytes =
        (*module)->getAttrOfType<IntegerAttr>("mnv4.arena_bytes").getInt();

    func::FuncOp func = *module->getOps<func::FuncOp>().begin();
    Block &body = func.getBody().front();
    EXPECT_EQ(
        cast<MemRefType>(body.getArguments().back().getType()).getNumElements(),
        arenaBytes);
    std::vector<Operation *> order;
    for (Operation &op : body)
      order.push_back(&op);
    auto indexOf = [&](Operation *op) {
      return unsigned(std::find(order.begin(), order.end(),
                                body.findAncestorOpInBlock(*op)) -
                      order.begin());
    };
    std::vector<Placed> placed;
    func.walk([&](memref::AllocOp) { ADD_FAILURE() << "an alloc is left"; });
    func.walk([&](memref::ViewOp view) {
      Placed p;
      p.offset = getConstantIntValue(view.getByteShift()).value_or(-1);
      p.bytes = view.getType().getNumElements() * 4;
      p.begin = p.end = indexOf(view);
      for (Operation *user : view->getUsers())
        p.end = std::max(p.end, indexOf(user));
      placed.push_back(p);
    });
    return placed;
  }

  DialectRegistry registry;
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(PlanArenaTest, LiveBuffersNeverShareBytes) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    int steps = 4 + int(rng() % 12);
    int count = 1 + int(rng() % 10);
    int64_t alignment = int64_t(1) << (2 + rng() % 6); // 4 .. 128
    std::vector<Spec> specs;
    int64_t side = 0;
    for (int i = 0; i < count; ++i) {
      Spec s;
      s.floats = 1 + int64_t(rng() % 300);
      s.begin = int(rng() % steps);
      s.end = s.begin + int(rng() % (steps - s.begin));
      specs.push_back(s);
      side += (s.floats * 4 + alignment - 1) / alignment * alignment;
    }
    int64_t arenaBytes = 0;
    std::vector<Placed> placed =
        plan(program(specs, steps), alignment, arenaBytes);
    ASSERT_EQ(placed.size(), specs.size());
    EXPECT_EQ(arenaBytes % alignment, 0);
    EXPECT_LE(arenaBytes, std::max(side, alignment));
    for (size_t i = 0; i < placed.size(); ++i) {
      const Placed &a = placed[i];
      EXPECT_EQ(a.offset % alignment, 0);
      EXPECT_GE(a.offset, 0);
      EXPECT_LE(a.offset + a.bytes, arenaBytes);
      for (size_t j = i + 1; j < placed.size(); ++j) {
        const Placed &b = placed[j];
        bool liveTogether = !(a.end < b.begin || b.end < a.begin);
        bool shareBytes =
            a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
        EXPECT_FALSE(liveTogether && shareBytes)
            << "buffers " << i << " and " << j << " overlap";
      }
    }
  }
}

TEST_F(PlanArenaTest, AChainNeedsTwoBuffers) {
  // b_i is allocated at step i and read at step i + 1 (by the step that
  // writes b_{i+1}): at most two are live at once.
  std::vector<Spec> specs;
  for (int i = 0; i < 8; ++i)
    specs.push_back({256, i, i + 1});
  int64_t arenaBytes = 0;
  std::vector<Placed> placed = plan(program(specs, 9), 64, arenaBytes);
  ASSERT_EQ(placed.size(), 8u);
  EXPECT_EQ(arenaBytes, 2 * 1024);
}

TEST_F(PlanArenaTest, DisjointLifetimesReuseTheLargestBuffer) {
  // A large buffer dies before two small ones are born: both fit in its
  // bytes.
  std::vector<Spec> specs = {{1024, 0, 1}, {256, 2, 3}, {256, 2, 3}};
  int64_t arenaBytes = 0;
  std::vector<Placed> placed = plan(program(specs, 4), 64, arenaBytes);
  ASSERT_EQ(placed.size(), 3u);
  EXPECT_EQ(arenaBytes, 4096);
  EXPECT_EQ(placed[0].offset, 0);
  EXPECT_NE(placed[1].offset, placed[2].offset);
  EXPECT_LT(placed[1].offset, 4096);
  EXPECT_LT(placed[2].offset, 4096);
}

} // namespace
