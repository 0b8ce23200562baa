// CompiledCache: a thread-safe LRU of compiled forms keyed by (structural cache key, dialect),
// so each statement shape is compiled once and later executions only gather bound values.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <retort/compiler/compiler.hpp>

namespace retort {

/// A bounded, thread-safe LRU cache of compiled forms.
///
///     CompiledCache cache(500);
///     auto c = cache.compile(select(users).where(users.c("id") == 7), sqlite_dialect());
///     cache.stats().hits;
class CompiledCache {
  public:
    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t size = 0;
        std::size_t capacity = 0;
    };

    explicit CompiledCache(std::size_t capacity = 500);
    CompiledCache(const CompiledCache&) = delete;
    CompiledCache& operator=(const CompiledCache&) = delete;

    /// The cached form for a gathered key and dialect, or nullptr (counts a hit or a miss).
    std::shared_ptr<const CompiledForm> find(const CacheKey& key, const Dialect& dialect);
    /// Stores a form, evicting the least recently used entry beyond capacity.
    void insert(const CacheKey& key, const Dialect& dialect,
                std::shared_ptr<const CompiledForm> form);
    /// Gathers, looks up, compiles on a miss: the execute path.
    CompiledStatement compile(const Statement& statement, const Dialect& dialect,
                              CompileOptions options = {});
    /// Same, filling a caller-owned gather context (no allocation on a hit for small statements).
    std::shared_ptr<const CompiledForm> lookup_or_compile(const Statement& statement,
                                                          const Dialect& dialect,
                                                          GatherContext& context,
                                                          CompileOptions options = {});

    Stats stats() const;
    void clear();
    std::size_t capacity() const noexcept { return capacity_; }

  private:
    struct StoredKey {
        std::vector<std::uint64_t> tokens;
        std::uint64_t hash;
        std::uint64_t dialect;
        std::uint64_t generation;  // compile hooks registered since change the SQL
    };
    struct KeyView {
        const std::uint64_t* tokens;
        std::size_t size;
        std::uint64_t hash;
        std::uint64_t dialect;
        std::uint64_t generation;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(const StoredKey& k) const noexcept { return k.hash; }
        std::size_t operator()(const KeyView& k) const noexcept { return k.hash; }
    };
    struct Equal {
        using is_transparent = void;
        bool operator()(const StoredKey& a, const StoredKey& b) const noexcept;
        bool operator()(const KeyView& a, const StoredKey& b) const noexcept;
        bool operator()(const StoredKey& a, const KeyView& b) const noexcept {
            return (*this)(b, a);
        }
    };
    struct Entry {
        std::shared_ptr<const CompiledForm> form;
        const StoredKey* key;
    };
    using Lru = std::list<Entry>;

    static KeyView make_view(const CacheKey& key, const Dialect& dialect, std::uint64_t generation);
    std::shared_ptr<const CompiledForm> find(const KeyView& view);
    void insert(const KeyView& view, std::shared_ptr<const CompiledForm> form);

    std::size_t capacity_;
    mutable std::mutex mutex_;
    Lru lru_;
    std::unordered_map<StoredKey, Lru::iterator, Hash, Equal> map_;
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

}  // namespace retort
