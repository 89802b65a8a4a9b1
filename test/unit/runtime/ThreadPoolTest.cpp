//===- ThreadPoolTest.cpp - runtime/ThreadPool ----------------------------===//

#include "runtime/ThreadPool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace {

/// Counts how often each index was visited and which threads took part.
struct Visits {
  std::vector<std::atomic<int>> count;
  std::mutex lock;
  std::set<std::thread::id> threads;
  explicit Visits(int64_t n) : count(n) {}
};

void visit(void *ctx, int64_t begin, int64_t end) {
  auto *v = static_cast<Visits *>(ctx);
  ASSERT_LE(0, begin);
  ASSERT_LT(begin, end);
  ASSERT_LE(end, static_cast<int64_t>(v->count.size()));
  for (int64_t i = begin; i < end; ++i)
    v->count[i].fetch_add(1);
  std::lock_guard<std::mutex> g(v->lock);
  v->threads.insert(std::this_thread::get_id());
}

void expectEachOnce(const Visits &v) {
  for (size_t i = 0; i < v.count.size(); ++i)
    ASSERT_EQ(v.count[i].load(), 1) << "index " << i;
}

TEST(ThreadPool, CreateRejectsNonPositiveCounts) {
  EXPECT_EQ(mnv4_thread_pool_create(0), nullptr);
  EXPECT_EQ(mnv4_thread_pool_create(-3), nullptr);
  EXPECT_EQ(mnv4_thread_pool_size(nullptr), 1);
  mnv4_thread_pool_destroy(nullptr);
}

TEST(ThreadPool, NullPoolRunsOnTheCaller) {
  Visits v(37);
  mnv4_parallel_for(nullptr, visit, &v, 37);
  expectEachOnce(v);
  EXPECT_EQ(v.threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(ThreadPool, CoversEveryIndexOnceForManySizes) {
  for (int threads : {1, 2, 3, 5}) {
    mnv4_thread_pool *pool = mnv4_thread_pool_create(threads);
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(mnv4_thread_pool_size(pool), threads);
    for (int64_t n : {0, 1, 2, 3, 7, 8, 9, 64, 1000, 100003}) {
      Visits v(n);
      mnv4_parallel_for(pool, visit, &v, n);
      expectEachOnce(v);
    }
    mnv4_thread_pool_destroy(pool);
  }
}

TEST(ThreadPool, WorkersTakePartWhenTheCallerIsBusy) {
  // Each chunk sleeps, so the caller alone would take far longer than the
  // worker needs to wake up and claim one.
  mnv4_thread_pool *pool = mnv4_thread_pool_create(2);
  ASSERT_NE(pool, nullptr);
  Visits v(8);
  mnv4_parallel_for(
      pool,
      [](void *ctx, int64_t b, int64_t e) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        visit(ctx, b, e);
      },
      &v, 8);
  expectEachOnce(v);
  EXPECT_EQ(v.threads.size(), 2u);
  mnv4_thread_pool_destroy(pool);
}

TEST(ThreadPool, ManyJobsInARowAndAfterSleeping) {
  mnv4_thread_pool *pool = mnv4_thread_pool_create(2);
  ASSERT_NE(pool, nullptr);
  for (int round = 0; round < 3000; ++round) {
    Visits v(round % 17);
    mnv4_parallel_for(pool, visit, &v, round % 17);
    expectEachOnce(v);
    if (round == 1500) // past the spin window: the worker sleeps
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  mnv4_thread_pool_destroy(pool);
}

TEST(ThreadPool, CallersSharingAPoolAreSerialized) {
  mnv4_thread_pool *pool = mnv4_thread_pool_create(2);
  ASSERT_NE(pool, nullptr);
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&] {
      for (int round = 0; round < 300; ++round) {
        Visits v(50);
        mnv4_parallel_for(pool, visit, &v, 50);
        for (auto &x : v.count)
          failures += x.load() != 1;
      }
    });
  for (std::thread &t : callers)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  mnv4_thread_pool_destroy(pool);
}

} // namespace
