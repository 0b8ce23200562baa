// The registry of user compile hooks: looked up only when at least one hook exists, and
// versioned so compiled caches never serve SQL rendered before a hook changed.
#include <retort/compiler/compile_hooks.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace retort {

namespace {
struct Entry {
    std::uint64_t id;
    NodeKind kind;
    std::string dialect;
    std::shared_ptr<const CompileHook> hook;
};

struct Registry {
    std::shared_mutex mutex;
    std::vector<Entry> entries;
    std::atomic<std::uint64_t> next_id{1};
    std::atomic<std::uint64_t> generation{0};
    std::atomic<std::size_t> count{0};
};

Registry& registry() {
    static Registry r;
    return r;
}

void unregister(std::uint64_t id) noexcept {
    if (id == 0) return;
    auto& r = registry();
    std::unique_lock lock(r.mutex);
    std::erase_if(r.entries, [id](const Entry& e) { return e.id == id; });
    r.count.store(r.entries.size(), std::memory_order_release);
    r.generation.fetch_add(1, std::memory_order_acq_rel);
}
}  // namespace

CompileHookRegistration& CompileHookRegistration::operator=(
    CompileHookRegistration&& other) noexcept {
    if (this != &other) {
        unregister(id_);
        id_ = other.id_;
        other.id_ = 0;
    }
    return *this;
}

CompileHookRegistration::~CompileHookRegistration() {
    unregister(id_);
}

CompileHookRegistration register_compile_hook(NodeKind kind, CompileHook hook,
                                              std::string dialect_name) {
    auto& r = registry();
    std::unique_lock lock(r.mutex);
    std::uint64_t id = r.next_id.fetch_add(1);
    r.entries.push_back(
        {id, kind, std::move(dialect_name), std::make_shared<const CompileHook>(std::move(hook))});
    r.count.store(r.entries.size(), std::memory_order_release);
    r.generation.fetch_add(1, std::memory_order_acq_rel);
    return CompileHookRegistration(id);
}

namespace detail {

std::uint64_t compile_hooks_generation() noexcept {
    return registry().generation.load(std::memory_order_acquire);
}

bool compile_hooks_active() noexcept {
    return registry().count.load(std::memory_order_acquire) != 0;
}

std::shared_ptr<const CompileHook> find_compile_hook(NodeKind kind, std::string_view dialect) {
    auto& r = registry();
    std::shared_lock lock(r.mutex);
    const Entry* general = nullptr;
    const Entry* specific = nullptr;
    for (const auto& e : r.entries) {
        if (e.kind != kind) continue;
        if (e.dialect.empty())
            general = &e;  // later registrations win
        else if (e.dialect == dialect)
            specific = &e;
    }
    if (specific) return specific->hook;
    if (general) return general->hook;
    return nullptr;
}

}  // namespace detail
}  // namespace retort
