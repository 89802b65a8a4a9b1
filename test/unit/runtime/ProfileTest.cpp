//===- ProfileTest.cpp - the per-block timestamp recorder -----------------===//

#include "runtime/Profile.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace {

TEST(Profile, RecordsMarksInOrderOnTheCallingThread) {
  std::vector<uint64_t> stamps(3, 0);
  mnv4_profile_begin(stamps.data(), 3);
  mnv4_profile_mark(0);
  mnv4_profile_mark(1);
  mnv4_profile_mark(2);
  EXPECT_EQ(mnv4_profile_end(), 3);
  EXPECT_GT(stamps[0], 0u);
  EXPECT_LE(stamps[0], stamps[1]);
  EXPECT_LE(stamps[1], stamps[2]);
}

TEST(Profile, CountsButDoesNotStoreIdsOutsideTheBuffer) {
  std::vector<uint64_t> stamps(2, 0);
  mnv4_profile_begin(stamps.data(), 1);
  mnv4_profile_mark(1);
  mnv4_profile_mark(-1);
  EXPECT_EQ(mnv4_profile_end(), 2);
  EXPECT_EQ(stamps[0], 0u);
  EXPECT_EQ(stamps[1], 0u);
}

TEST(Profile, MarksOutsideARecordingAreIgnored) {
  mnv4_profile_mark(0);
  EXPECT_EQ(mnv4_profile_end(), -1);
}

TEST(Profile, EachThreadRecordsIntoItsOwnBuffer) {
  std::vector<uint64_t> mine(1, 0), theirs(1, 0);
  mnv4_profile_begin(mine.data(), 1);
  int32_t theirMarks = 0;
  std::thread other([&] {
    mnv4_profile_mark(0); // not recording on this thread
    mnv4_profile_begin(theirs.data(), 1);
    mnv4_profile_mark(0);
    mnv4_profile_mark(0);
    theirMarks = mnv4_profile_end();
  });
  other.join();
  EXPECT_EQ(mnv4_profile_end(), 0);
  EXPECT_EQ(theirMarks, 2);
  EXPECT_EQ(mine[0], 0u);
  EXPECT_GT(theirs[0], 0u);
}

} // namespace
