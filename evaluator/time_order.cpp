#include "evaluator/time_order.hpp"

#include <algorithm>
#include <mutex>
#include <numeric>

namespace spelunk {

namespace {

struct CachedOrder {
  std::weak_ptr<const Store> store;
  const Store* address = nullptr;
  std::shared_ptr<const std::vector<std::uint32_t>> order;
};

std::shared_ptr<const std::vector<std::uint32_t>> compute_order(const Store& store) {
  auto times = store.times();
  auto order = std::make_shared<std::vector<std::uint32_t>>(times.size());
  std::iota(order->begin(), order->end(), 0u);
  auto newer = [&](std::uint32_t a, std::uint32_t b) { return times[a] > times[b]; };
  if (std::is_sorted(times.begin(), times.end(), std::greater<>())) return order;
  std::stable_sort(order->begin(), order->end(), newer);
  return order;
}

}  // namespace

std::shared_ptr<const std::vector<std::uint32_t>> newest_first_order(const std::shared_ptr<const Store>& store) {
  static std::mutex mutex;
  static std::vector<CachedOrder> cache;
  std::lock_guard lock(mutex);
  std::erase_if(cache, [](const CachedOrder& c) { return c.store.expired(); });
  for (const auto& c : cache)
    if (c.address == store.get() && c.store.lock() == store) return c.order;
  cache.push_back({store, store.get(), compute_order(*store)});
  return cache.back().order;
}

}  // namespace spelunk
