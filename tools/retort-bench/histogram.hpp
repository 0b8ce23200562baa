// LatencyHistogram: per-operation latencies in log-linear buckets (64 per power of two, so any
// percentile is within 1% of the exact value), with exact count, min, max and sum.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>

namespace retort::benchtool {

class LatencyHistogram {
  public:
    static constexpr unsigned kSubBits = 6;
    static constexpr std::uint64_t kSub = 1u << kSubBits;  // buckets per power of two
    static constexpr std::size_t kBuckets = kSub + kSub * (64 - kSubBits);

    void record(std::uint64_t ns) noexcept {
        ++counts_[index_of(ns)];
        ++count_;
        sum_ += ns;
        min_ = std::min(min_, ns);
        max_ = std::max(max_, ns);
    }

    void merge(const LatencyHistogram& other) noexcept {
        for (std::size_t i = 0; i < kBuckets; ++i)
            counts_[i] += other.counts_[i];
        count_ += other.count_;
        sum_ += other.sum_;
        min_ = std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
    }

    std::uint64_t count() const noexcept { return count_; }
    std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
    std::uint64_t max() const noexcept { return max_; }
    double mean() const noexcept {
        return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0;
    }

    // The latency at quantile q in [0, 1] (nearest rank), as the middle of its bucket clamped
    // to the exact min and max; 0 when empty.
    double quantile(double q) const noexcept {
        if (count_ == 0) return 0.0;
        q = std::clamp(q, 0.0, 1.0);
        std::uint64_t rank = static_cast<std::uint64_t>(q * static_cast<double>(count_) + 0.5);
        rank = std::clamp<std::uint64_t>(rank, 1, count_);
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < kBuckets; ++i) {
            seen += counts_[i];
            if (seen >= rank) {
                const double lo = static_cast<double>(lower_bound(i));
                const double hi = static_cast<double>(upper_bound(i));
                return std::clamp((lo + hi) / 2.0, static_cast<double>(min_),
                                  static_cast<double>(max_));
            }
        }
        return static_cast<double>(max_);
    }

    static std::size_t index_of(std::uint64_t v) noexcept {
        if (v < kSub) return static_cast<std::size_t>(v);
        const unsigned shift = static_cast<unsigned>(std::bit_width(v)) - (kSubBits + 1);
        return static_cast<std::size_t>(kSub + shift * kSub + ((v >> shift) - kSub));
    }
    static std::uint64_t lower_bound(std::size_t i) noexcept {
        if (i < kSub) return i;
        const std::size_t shift = (i - kSub) / kSub;
        return (kSub + (i - kSub) % kSub) << shift;
    }
    // Inclusive upper end of bucket i.
    static std::uint64_t upper_bound(std::size_t i) noexcept {
        if (i < kSub) return i;
        const std::size_t shift = (i - kSub) / kSub;
        return lower_bound(i) + ((std::uint64_t{1} << shift) - 1);
    }

  private:
    std::array<std::uint64_t, kBuckets> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t max_ = 0;
};

}  // namespace retort::benchtool
