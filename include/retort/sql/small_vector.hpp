// A vector of trivially copyable items with inline storage for the first N, used on the hot
// compile and execute paths (cache-key tokens, bind lists) to avoid heap allocations.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace retort::detail {

template <class T, std::size_t N>
class SmallVector {
    static_assert(std::is_trivially_copyable_v<T>, "SmallVector holds trivially copyable items");

  public:
    SmallVector() noexcept = default;
    SmallVector(const SmallVector& other) { append(other.data(), other.size()); }
    SmallVector& operator=(const SmallVector& other) {
        if (this != &other) {
            size_ = 0;
            append(other.data(), other.size());
        }
        return *this;
    }
    SmallVector(SmallVector&& other) noexcept { move_from(other); }
    SmallVector& operator=(SmallVector&& other) noexcept {
        if (this != &other) {
            heap_.reset();
            size_ = 0;
            capacity_ = N;
            move_from(other);
        }
        return *this;
    }

    void push_back(T item) {
        if (size_ == capacity_) grow(size_ + 1);
        data()[size_++] = item;
    }
    void append(const T* items, std::size_t count) {
        if (size_ + count > capacity_) grow(size_ + count);
        if (count) std::memcpy(data() + size_, items, count * sizeof(T));
        size_ += count;
    }
    void resize(std::size_t count) {
        if (count > capacity_) grow(count);
        size_ = count;
    }
    void clear() noexcept { size_ = 0; }

    T* data() noexcept { return heap_ ? heap_.get() : inline_; }
    const T* data() const noexcept { return heap_ ? heap_.get() : inline_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T& operator[](std::size_t i) noexcept { return data()[i]; }
    const T& operator[](std::size_t i) const noexcept { return data()[i]; }
    T& back() noexcept { return data()[size_ - 1]; }
    void pop_back() noexcept { --size_; }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size_; }
    const T* begin() const noexcept { return data(); }
    const T* end() const noexcept { return data() + size_; }

  private:
    void grow(std::size_t needed) {
        std::size_t capacity = capacity_ * 2;
        if (capacity < needed) capacity = needed;
        auto bigger = std::make_unique_for_overwrite<T[]>(capacity);
        if (size_) std::memcpy(bigger.get(), data(), size_ * sizeof(T));
        heap_ = std::move(bigger);
        capacity_ = capacity;
    }
    void move_from(SmallVector& other) noexcept {
        if (other.heap_) {
            heap_ = std::move(other.heap_);
            capacity_ = other.capacity_;
            size_ = other.size_;
        } else {
            if (other.size_) std::memcpy(inline_, other.inline_, other.size_ * sizeof(T));
            size_ = other.size_;
        }
        other.size_ = 0;
        other.capacity_ = N;
    }

    T inline_[N];
    std::unique_ptr<T[]> heap_;
    std::size_t size_ = 0;
    std::size_t capacity_ = N;
};

}  // namespace retort::detail
