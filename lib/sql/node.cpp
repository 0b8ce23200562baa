// The cache-key token stream, the gather walk's bind bookkeeping, and the registry of node
// kinds (built-in names plus kinds registered by users for custom nodes).
#include <retort/errors.hpp>
#include <retort/sql/node.hpp>

#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace retort {

namespace {
// A strong 64-bit mixer (from splitmix64): cheap, and every input bit affects every output bit.
inline std::uint64_t mix(std::uint64_t h) noexcept {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept {
    // FNV-1a over 8-byte words, then mixed: fast for the short names that dominate.
    std::uint64_t h = 0xcbf29ce484222325ULL ^ size;
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, data + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    std::uint64_t tail = 0;
    if (i < size) std::memcpy(&tail, data + i, size - i);
    h = (h ^ tail) * 0x100000001b3ULL;
    return mix(h);
}
}  // namespace

void CacheKey::add_string(std::string_view text) {
    tokens_.push_back(hash_bytes(text.data(), text.size()));
}

std::uint64_t CacheKey::hash() const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ tokens_.size();
    for (std::uint64_t t : tokens_)
        h = mix(h ^ t) + 0x9e3779b97f4a7c15ULL;
    return h;
}

bool operator==(const CacheKey& a, const CacheKey& b) noexcept {
    return a.tokens_.size() == b.tokens_.size() &&
           std::memcmp(a.tokens_.data(), b.tokens_.data(), a.tokens_.size() * 8) == 0;
}

// Beyond this many binds a hash index replaces linear search (multi-row VALUES can carry
// thousands).
constexpr std::size_t kLinearBindLimit = 24;

/// An open-addressing table from bind node to position: no allocation per bind, and its
/// storage survives clear() for the next statement (the cached execute path gathers every
/// time).
struct GatherContext::BindIndex {
    std::vector<const BindParameterNode*> keys;  // power-of-two size; nullptr: empty
    std::vector<std::uint32_t> positions;
    bool active = false;

    static std::size_t hash(const BindParameterNode* p) noexcept {
        auto x = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
        x ^= x >> 29;
        x *= 0x9E3779B97F4A7C15ull;
        return static_cast<std::size_t>(x >> 24);
    }
    /// Empties the table with room for `count` binds at most half full.
    void rebuild(const BindParameterNode* const* binds, std::size_t count) {
        std::size_t capacity = 64;
        while (capacity < count * 2 + 2)
            capacity *= 2;
        keys.assign(capacity, nullptr);
        positions.resize(capacity);
        active = true;
        for (std::size_t i = 0; i < count; ++i)
            insert(binds[i], static_cast<std::uint32_t>(i));
    }
    void insert(const BindParameterNode* bind, std::uint32_t position) noexcept {
        const std::size_t mask = keys.size() - 1;
        std::size_t i = hash(bind) & mask;
        while (keys[i])
            i = (i + 1) & mask;
        keys[i] = bind;
        positions[i] = position;
    }
    std::uint32_t find(const BindParameterNode* bind) const noexcept {
        const std::size_t mask = keys.size() - 1;
        for (std::size_t i = hash(bind) & mask;; i = (i + 1) & mask) {
            if (keys[i] == bind) return positions[i];
            if (!keys[i]) return GatherContext::npos;
        }
    }
};

GatherContext::GatherContext() = default;
GatherContext::~GatherContext() = default;

void GatherContext::clear() noexcept {
    key.clear();
    parameters = nullptr;
    binds_.clear();
    derived_.clear();
    if (index_) index_->active = false;  // storage kept; rebuilt when binds grow again
}

void GatherContext::add_bind(const BindParameterNode* bind) {
    std::uint32_t existing = find_bind(bind);
    if (existing != npos) {
        key.add((std::uint64_t{0xB1} << 56) | existing);  // a repeat of bind #existing
        return;
    }
    auto position = static_cast<std::uint32_t>(binds_.size());
    binds_.push_back(bind);
    if (index_ && index_->active) {
        if ((binds_.size() + 1) * 2 > index_->keys.size())
            index_->rebuild(binds_.data(), binds_.size());
        else
            index_->insert(bind, position);
    } else if (binds_.size() > kLinearBindLimit) {
        if (!index_) index_ = std::make_unique<BindIndex>();
        index_->rebuild(binds_.data(), binds_.size());
    }
}

std::uint32_t GatherContext::find_bind(const BindParameterNode* bind) const noexcept {
    if (index_ && index_->active) return index_->find(bind);
    for (std::uint32_t i = 0; i < binds_.size(); ++i)
        if (binds_[i] == bind) return i;
    return npos;
}

namespace {
struct KindRegistry {
    std::mutex mutex;
    std::deque<std::string> names;  // index = kind - FirstCustom; deque keeps views stable
    std::unordered_map<std::string, std::uint16_t> by_name;
};
KindRegistry& kind_registry() {
    static KindRegistry registry;
    return registry;
}
}  // namespace

NodeKind register_node_kind(std::string_view name) {
    if (name.empty()) throw ArgumentError("a custom node kind needs a non-empty name");
    auto& r = kind_registry();
    std::lock_guard lock(r.mutex);
    std::string key(name);
    if (auto it = r.by_name.find(key); it != r.by_name.end())
        return static_cast<NodeKind>(it->second);
    auto id = static_cast<std::uint16_t>(static_cast<std::uint16_t>(NodeKind::FirstCustom) +
                                         r.names.size());
    r.names.push_back(key);
    r.by_name.emplace(std::move(key), id);
    return static_cast<NodeKind>(id);
}

std::string_view node_kind_name(NodeKind kind) {
    switch (kind) {
        case NodeKind::Column:
            return "column";
        case NodeKind::BindParameter:
            return "bind parameter";
        case NodeKind::LiteralColumn:
            return "literal column";
        case NodeKind::Null:
            return "null";
        case NodeKind::True:
            return "true";
        case NodeKind::False:
            return "false";
        case NodeKind::Binary:
            return "binary expression";
        case NodeKind::Unary:
            return "unary expression";
        case NodeKind::BooleanList:
            return "boolean list";
        case NodeKind::Grouping:
            return "grouping";
        case NodeKind::Tuple:
            return "tuple";
        case NodeKind::In:
            return "IN";
        case NodeKind::Between:
            return "BETWEEN";
        case NodeKind::Case:
            return "CASE";
        case NodeKind::Cast:
            return "CAST";
        case NodeKind::Function:
            return "function";
        case NodeKind::Label:
            return "label";
        case NodeKind::Over:
            return "window function";
        case NodeKind::Collate:
            return "COLLATE";
        case NodeKind::ScalarSelect:
            return "scalar subquery";
        case NodeKind::Exists:
            return "EXISTS";
        case NodeKind::Excluded:
            return "excluded";
        case NodeKind::Ordering:
            return "ordering";
        case NodeKind::TextExpression:
            return "text expression";
        case NodeKind::Table:
            return "table";
        case NodeKind::Alias:
            return "alias";
        case NodeKind::Subquery:
            return "subquery";
        case NodeKind::Cte:
            return "CTE";
        case NodeKind::Join:
            return "join";
        case NodeKind::Select:
            return "select";
        case NodeKind::CompoundSelect:
            return "compound select";
        case NodeKind::TextClause:
            return "text";
        case NodeKind::Insert:
            return "insert";
        case NodeKind::Update:
            return "update";
        case NodeKind::Delete:
            return "delete";
        case NodeKind::CreateTable:
            return "create table";
        case NodeKind::DropTable:
            return "drop table";
        case NodeKind::CreateIndex:
            return "create index";
        case NodeKind::DropIndex:
            return "drop index";
        case NodeKind::CreateSequence:
            return "create sequence";
        case NodeKind::DropSequence:
            return "drop sequence";
        case NodeKind::CreateEnumType:
            return "create enum type";
        case NodeKind::DropEnumType:
            return "drop enum type";
        default:
            break;
    }
    auto id = static_cast<std::uint16_t>(kind);
    if (id >= static_cast<std::uint16_t>(NodeKind::FirstCustom)) {
        auto& r = kind_registry();
        std::lock_guard lock(r.mutex);
        std::size_t index = id - static_cast<std::uint16_t>(NodeKind::FirstCustom);
        if (index < r.names.size()) return r.names[index];  // stable: names never removed
    }
    return "unknown";
}

}  // namespace retort
