//===- NamedCases.h - tests named after their cases -------------*- C++ -*-===//
//-*-===//

#ifndef MNV4_TEST_UNIT_INTERP_NAMEDCASES_H
#define MNV4_TEST_UNIT_INTERP_NAMEDCASES_H

#include "gtest/gtest.h"

#include <string>

namespace mnv4::interp {

/// gtest's name generator for case structs with a `name` member, so that a
/// failure names the case (`Cases/Conv2DTest.MatchesNaiveLoops/k3s1`).
struct CaseName {
  template <typename Case>
  std::string operator()(const ::testing::TestParamInfo<Case> &info) const {
    return info.param.name;
  }
};

} // namespace mnv4::interp

#endif // MNV4_TEST_UNIT_INTERP_NAMEDCASES_H
