// The compiled cache: an LRU map from (cache key tokens, dialect, hook generation) to compiled
// forms, with lookups that neither copy the key nor allocate on a hit.
#include <retort/compiler/compile_hooks.hpp>
#include <retort/compiler/compiled_cache.hpp>
#include <retort/errors.hpp>

#include <cstring>

namespace retort {

namespace {
std::uint64_t combine(std::uint64_t hash, std::uint64_t dialect, std::uint64_t generation) {
    std::uint64_t h =
        hash ^ (dialect * 0x9e3779b97f4a7c15ULL) ^ (generation * 0xc2b2ae3d27d4eb4fULL);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}
}  // namespace

CompiledCache::CompiledCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
    map_.reserve(capacity_ + 1);
}

bool CompiledCache::Equal::operator()(const StoredKey& a, const StoredKey& b) const noexcept {
    return a.hash == b.hash && a.dialect == b.dialect && a.generation == b.generation &&
           a.tokens == b.tokens;
}

bool CompiledCache::Equal::operator()(const KeyView& a, const StoredKey& b) const noexcept {
    return a.hash == b.hash && a.dialect == b.dialect && a.generation == b.generation &&
           a.size == b.tokens.size() && std::memcmp(a.tokens, b.tokens.data(), a.size * 8) == 0;
}

CompiledCache::KeyView CompiledCache::make_view(const CacheKey& key, const Dialect& dialect,
                                                std::uint64_t generation) {
    return KeyView{key.data(), key.size(), combine(key.hash(), dialect.id(), generation),
                   dialect.id(), generation};
}

std::shared_ptr<const CompiledForm> CompiledCache::find(const CacheKey& key,
                                                        const Dialect& dialect) {
    return find(make_view(key, dialect, detail::compile_hooks_generation()));
}

std::shared_ptr<const CompiledForm> CompiledCache::find(const KeyView& view) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(view);
    if (it == map_.end()) {
        misses_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second->form;
}

void CompiledCache::insert(const CacheKey& key, const Dialect& dialect,
                           std::shared_ptr<const CompiledForm> form) {
    insert(make_view(key, dialect, detail::compile_hooks_generation()), std::move(form));
}

void CompiledCache::insert(const KeyView& view, std::shared_ptr<const CompiledForm> form) {
    std::lock_guard lock(mutex_);
    if (auto it = map_.find(view); it != map_.end()) {
        it->second->form = std::move(form);
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    StoredKey stored{std::vector<std::uint64_t>(view.tokens, view.tokens + view.size), view.hash,
                     view.dialect, view.generation};
    lru_.push_front(Entry{std::move(form), nullptr});
    auto [it, inserted] = map_.emplace(std::move(stored), lru_.begin());
    (void)inserted;
    lru_.front().key = &it->first;
    while (map_.size() > capacity_) {
        Entry& victim = lru_.back();
        map_.erase(*victim.key);
        lru_.pop_back();
    }
}

std::shared_ptr<const CompiledForm> CompiledCache::lookup_or_compile(const Statement& statement,
                                                                     const Dialect& dialect,
                                                                     GatherContext& context,
                                                                     CompileOptions options) {
    gather(statement, context, options.parameters);
    if (options.implicit_returning) context.key.add(0x1AB1u);  // compile options shape the SQL
    // One hook generation for the lookup and the store: a hook registered or removed while this
    // compiles may or may not be in the SQL, so the form goes under the generation read before
    // (already stale then, never found again) rather than the new one.
    const KeyView view = make_view(context.key, dialect, detail::compile_hooks_generation());
    if (auto form = find(view)) return form;
    Compiler compiler(dialect, context, options);
    std::shared_ptr<const CompiledForm> form = compiler.compile_statement(statement.node());
    insert(view, form);
    return form;
}

CompiledStatement CompiledCache::compile(const Statement& statement, const Dialect& dialect,
                                         CompileOptions options) {
    GatherContext context;
    auto form = lookup_or_compile(statement, dialect, context, options);
    std::vector<const BindParameterNode*> binds(context.binds(),
                                                context.binds() + context.bind_count());
    return CompiledStatement(std::move(form), statement.node(), std::move(binds));
}

CompiledCache::Stats CompiledCache::stats() const {
    std::lock_guard lock(mutex_);
    return Stats{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
                 map_.size(), capacity_};
}

void CompiledCache::clear() {
    std::lock_guard lock(mutex_);
    map_.clear();
    lru_.clear();
}

}  // namespace retort
