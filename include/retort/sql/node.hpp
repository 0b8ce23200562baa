// The base of every node of the expression tree, the node kinds the compiler dispatches on,
// and the one walk that yields a statement's structural cache key and its bound values.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include <retort/sql/small_vector.hpp>

namespace retort {

/// Every kind of node. The compiler dispatches on it; user code may register new kinds
/// (register_node_kind) that render through compile hooks.
enum class NodeKind : std::uint16_t {
    // expressions
    Column,
    BindParameter,
    LiteralColumn,
    Null,
    True,
    False,
    Binary,
    Unary,
    BooleanList,
    Grouping,
    Tuple,
    In,
    Between,
    Case,
    Cast,
    Function,
    Label,
    Over,
    Collate,
    ScalarSelect,
    Exists,
    Excluded,
    Ordering,
    TextExpression,
    // FROM clauses
    Table,
    Alias,
    Subquery,
    Cte,
    Join,
    // statements
    Select,
    CompoundSelect,
    TextClause,
    Insert,
    Update,
    Delete,
    CreateTable,
    DropTable,
    CreateIndex,
    DropIndex,
    CreateSequence,
    DropSequence,
    CreateEnumType,
    DropEnumType,
    // kinds registered at run time start here
    FirstCustom = 1000,
};

/// Registers a new node kind for user-defined nodes and returns its id. Names must be unique;
/// registering the same name twice returns the same kind.
///
///     static const NodeKind kMyKind = register_node_kind("my_extension.greatest");
NodeKind register_node_kind(std::string_view name);

/// The name of a node kind ("select", "insert", or a registered custom name).
std::string_view node_kind_name(NodeKind kind);

/// Facts about a subtree, computed once when a node is built from its children, so the
/// compiler can skip whole passes (no CTE pre-walk when no CTE is below).
enum NodeFlags : std::uint32_t {
    kHasCte = 1u << 0,
    kHasExpandingBind = 1u << 1,
    kHasCustomNode = 1u << 2,
};

class BindParameterNode;

/// The structural cache key of a statement: a token stream describing its shape without the
/// bound values. Schema objects contribute their identity (the compiled cache keeps the
/// statement, and so those objects, alive); names and raw SQL contribute their text's hash.
class CacheKey {
  public:
    void add(std::uint64_t token) { tokens_.push_back(token); }
    void add_pointer(const void* p) { tokens_.push_back(reinterpret_cast<std::uintptr_t>(p)); }
    void add_string(std::string_view text);
    void add_kind(NodeKind kind, std::uint32_t extra = 0) {
        tokens_.push_back((std::uint64_t{static_cast<std::uint16_t>(kind)} << 32) | extra);
    }

    std::uint64_t hash() const noexcept;
    std::size_t size() const noexcept { return tokens_.size(); }
    const std::uint64_t* data() const noexcept { return tokens_.data(); }
    void clear() noexcept { tokens_.clear(); }

    friend bool operator==(const CacheKey& a, const CacheKey& b) noexcept;

  private:
    detail::SmallVector<std::uint64_t, 64> tokens_;
};

class Parameters;

/// State of one gather walk: the cache key being built, the distinct bind parameters in walk
/// order (the compiled form refers to them by that position), and ordinals for derived FROM
/// clauses (aliases, subqueries, CTEs) so that two structurally equal statements built
/// separately get equal keys.
class GatherContext {
  public:
    static constexpr std::uint32_t npos = 0xffffffffu;

    GatherContext();
    GatherContext(const GatherContext&) = delete;
    GatherContext& operator=(const GatherContext&) = delete;
    ~GatherContext();

    CacheKey key;
    /// Execution parameters: DML without explicit values takes its columns from their keys.
    const Parameters* parameters = nullptr;

    /// Forgets everything, keeping allocated storage, for reuse on the next statement.
    void clear() noexcept;

    /// Records a bind parameter. A node met again in the same walk (an expression reused
    /// twice) is recorded once; the key notes the repeat, so shapes with and without sharing
    /// differ.
    void add_bind(const BindParameterNode* bind);
    /// The position of a recorded bind, or npos.
    std::uint32_t find_bind(const BindParameterNode* bind) const noexcept;
    const BindParameterNode* const* binds() const noexcept { return binds_.data(); }
    std::size_t bind_count() const noexcept { return binds_.size(); }

    /// Returns the ordinal of a derived node, and whether this is its first appearance (the
    /// caller then emits its structure).
    std::pair<std::uint32_t, bool> derived_ordinal(const void* node) {
        for (std::uint32_t i = 0; i < derived_.size(); ++i)
            if (derived_[i] == node) return {i, false};
        derived_.push_back(node);
        return {static_cast<std::uint32_t>(derived_.size() - 1), true};
    }

  private:
    struct BindIndex;
    detail::SmallVector<const BindParameterNode*, 16> binds_;
    detail::SmallVector<const void*, 8> derived_;
    std::unique_ptr<BindIndex> index_;  // built once there are many binds
};

class Node;

/// Receives the children of a node (see Node::accept_children).
class NodeVisitor {
  public:
    virtual void visit(const Node& child) = 0;

  protected:
    ~NodeVisitor() = default;
};

/// Base of every node. Nodes are immutable once built and shared between statements through
/// shared_ptr, so statements are cheap to copy and safe to use from many threads.
class Node {
  public:
    explicit Node(NodeKind kind, std::uint32_t flags = 0) noexcept : kind_(kind), flags_(flags) {}
    Node(const Node&) = default;
    Node& operator=(const Node&) = delete;
    virtual ~Node() = default;

    NodeKind kind() const noexcept { return kind_; }
    std::uint32_t flags() const noexcept { return flags_; }
    bool has_flag(std::uint32_t flag) const noexcept { return (flags_ & flag) != 0; }

    /// Adds this node's shape to the cache key and its bind parameters to the bind list, in a
    /// fixed order.
    virtual void gather(GatherContext& context) const = 0;
    /// Passes each direct child to the visitor (for walks such as finding the tables an
    /// expression uses or the CTEs a statement needs). A column does not pass its table.
    virtual void accept_children(NodeVisitor& visitor) const { (void)visitor; }

  protected:
    void add_flags(std::uint32_t flags) noexcept { flags_ |= flags; }

  private:
    NodeKind kind_;
    std::uint32_t flags_;
};

using NodePtr = std::shared_ptr<const Node>;

}  // namespace retort
