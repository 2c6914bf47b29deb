// Work split over two threads: `on_other` runs on a second thread while `here` runs on this one.
// An exception thrown by either (a saved store's corrupt _raw block found by a raw scan, an
// evaluation error) reaches the caller once both have finished, instead of std::terminate.
#pragma once

#include <exception>
#include <thread>

namespace spelunk {

template <class OnOther, class Here>
void run_in_two_threads(OnOther&& on_other, Here&& here) {
  std::exception_ptr failure;
  std::thread other([&] {
    try {
      on_other();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    here();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace spelunk
