// Index handles: declared by column names inside a Table, or standalone over expressions of
// one table, and the table's indexes handed back for CREATE INDEX / DROP INDEX.
#include <retort/errors.hpp>
#include <retort/sql/constraints.hpp>
#include <retort/sql/from_clause.hpp>
#include <retort/sql/table.hpp>

namespace retort {

Index::Index(std::string name, std::vector<std::string> columns, IndexOptions options)
    : name_(std::move(name)), column_names_(std::move(columns)), options_(std::move(options)) {
    if (name_.empty()) throw ArgumentError("an Index needs a name");
}

namespace {
/// Finds the table the expressions' columns belong to.
struct TableFinder final : NodeVisitor {
    const TableNode* table = nullptr;
    bool mixed = false;
    void visit(const Node& node) override {
        if (node.kind() == NodeKind::Column) {
            auto& c = static_cast<const ColumnNode&>(node);
            const FromClauseNode* parent = c.base_column()->parent();
            if (parent && parent->kind() == NodeKind::Table) {
                auto* t = static_cast<const TableNode*>(parent);
                if (table && table != t) mixed = true;
                table = t;
            }
            return;
        }
        node.accept_children(*this);
    }
};
}  // namespace

Index Index::on(std::string name, std::vector<Expression> expressions, IndexOptions options) {
    if (name.empty()) throw ArgumentError("an Index needs a name");
    if (expressions.empty())
        throw ArgumentError("Index '" + name + "' needs columns or expressions");
    TableFinder finder;
    auto def = std::make_shared<IndexDefinition>();
    for (auto& e : expressions) {
        if (e.empty()) throw ArgumentError("Index '" + name + "' has an empty expression");
        finder.visit(*e.node());
        def->expressions.push_back(e.node());
    }
    if (!finder.table)
        throw ArgumentError("Index '" + name + "' does not refer to any table column");
    if (finder.mixed)
        throw ArgumentError("Index '" + name + "' refers to columns of more than one table");
    def->name = name;
    def->table = finder.table;
    def->unique = options.unique;
    def->where = options.where.node();
    Index index;
    index.name_ = std::move(name);
    index.options_ = std::move(options);
    index.definition_ = std::move(def);
    return index;
}

std::vector<Index> Table::indexes() const {
    std::vector<Index> out;
    for (const auto& def : table_->indexes())
        out.push_back(index(def->name));
    return out;
}

Index Table::index(std::string_view name) const {
    for (const auto& def : table_->indexes()) {
        if (def->name != name) continue;
        std::vector<std::string> columns;
        for (const auto& e : def->expressions)
            if (e->kind() == NodeKind::Column)
                columns.push_back(static_cast<const ColumnNode&>(*e).name());
        Index index(def->name, std::move(columns), {def->unique, Expression(def->where)});
        // Share the table's definition, keeping the table alive through the index.
        index.definition_ = std::shared_ptr<const IndexDefinition>(table_, def.get());
        return index;
    }
    throw ArgumentError("Table '" + table_->key() + "' has no index named '" + std::string(name) +
                        "'");
}

}  // namespace retort
