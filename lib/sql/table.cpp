// Table construction: columns adopted from their definitions, constraints resolved by column
// name with clear errors, SQLAlchemy's autoincrement rule, and foreign-key resolution.
#include <retort/errors.hpp>
#include <retort/sql/metadata.hpp>
#include <retort/sql/table.hpp>

#include <algorithm>

namespace retort {

namespace {
/// A shared_ptr that does not own: for expressions inside a table that point at the table's
/// own columns (an owning pointer would be a cycle).
ExpressionPtr non_owning(const ColumnNode* column) {
    return ExpressionPtr(std::shared_ptr<const void>(), column);
}

void parse_target(const std::string& target, std::string& table, std::string& column) {
    auto dot = target.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == target.size())
        throw ArgumentError("foreign key target '" + target +
                            "' must be \"table.column\" or \"schema.table.column\"");
    table = target.substr(0, dot);
    column = target.substr(dot + 1);
}
}  // namespace

TableNode::TableNode(std::string name, std::string schema)
    : FromClauseNode(NodeKind::Table), name_(std::move(name)), schema_(std::move(schema)) {}

std::string TableNode::key() const {
    return schema_.empty() ? name_ : schema_ + "." + name_;
}

std::string_view TableNode::option(std::string_view key) const noexcept {
    for (const auto& o : options_)
        if (o.key == key) return o.value;
    return {};
}

void TableNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Table);
    context.key.add_pointer(this);
}

std::vector<const ColumnNode*> TableNode::resolve(const ForeignKeyReference& fk) const {
    auto metadata = metadata_.lock();
    std::shared_ptr<const TableNode> target;
    if (fk.target_table == key() || fk.target_table == name_) {
        target = std::shared_ptr<const TableNode>(std::shared_ptr<const void>(), this);
    } else if (metadata) {
        target = metadata->find(fk.target_table);
        if (!target && !schema_.empty() && fk.target_table.find('.') == std::string::npos)
            target = metadata->find(schema_ + "." + fk.target_table);
    }
    if (!target)
        throw ArgumentError("Foreign key on table '" + key() + "' references table '" +
                            fk.target_table + "', which is not defined in this table's MetaData");
    std::vector<const ColumnNode*> out;
    for (const auto& name : fk.target_columns) {
        const ColumnNode* c = target->find_column(name);
        if (!c)
            throw ArgumentError("Foreign key on table '" + key() + "' references column '" + name +
                                "', which table '" + target->key() + "' does not have");
        out.push_back(c);
    }
    return out;
}

TableBuilder::TableBuilder(std::string name) {
    if (name.empty()) throw ArgumentError("a Table needs a name");
    node_ = std::make_shared<TableNode>(std::move(name), std::string{});
}

void TableBuilder::add(const Column& column) {
    const ColumnNode& def = column.column_node();
    if (def.parent())
        throw ArgumentError("Column '" + def.name() + "' already belongs to table '" +
                            std::string(def.parent()->name()) + "'; define a new Column");
    for (const auto& existing : node_->owned_columns_)
        if (existing->name() == def.name())
            throw ArgumentError("Column '" + def.name() + "' is specified twice in table '" +
                                node_->name_ + "'");
    node_->owned_columns_.push_back(
        std::make_unique<ColumnNode>(def.name(), def.type(), def.schema()));
}

void TableBuilder::add(PrimaryKeyConstraint constraint) {
    primary_keys_.push_back(std::move(constraint));
}
void TableBuilder::add(UniqueConstraint constraint) {
    uniques_.push_back(std::move(constraint));
}
void TableBuilder::add(CheckConstraint constraint) {
    if (constraint.sql.empty()) throw ArgumentError("CheckConstraint needs a condition");
    node_->check_constraints_.push_back({std::move(constraint.name), std::move(constraint.sql)});
}
void TableBuilder::add(ForeignKeyConstraint constraint) {
    foreign_keys_.push_back(std::move(constraint));
}
void TableBuilder::add(Index index) {
    indexes_.push_back(std::move(index));
}
void TableBuilder::add(TableComment comment) {
    node_->comment_ = std::move(comment.text);
}
void TableBuilder::add(TableSchema schema) {
    node_->schema_ = std::move(schema.name);
}
void TableBuilder::add(TableOption option) {
    node_->options_.push_back(std::move(option));
}

std::shared_ptr<const TableNode> TableBuilder::finish(const MetaData* metadata) {
    TableNode& t = *node_;
    if (t.owned_columns_.empty())
        throw ArgumentError("Table '" + t.name_ + "' needs at least one column");
    for (std::uint32_t i = 0; i < t.owned_columns_.size(); ++i) {
        t.owned_columns_[i]->attach(&t, i, nullptr);
        t.columns_.push_back(t.owned_columns_[i].get());
    }
    auto find = [&](const std::string& name, const char* what) -> ColumnNode* {
        for (auto& c : t.owned_columns_)
            if (c->name() == name) return c.get();
        throw ArgumentError(std::string(what) + " on table '" + t.name_ +
                            "' names unknown column '" + name + "'");
    };

    // Primary key: a PrimaryKeyConstraint wins over column flags, as in SQLAlchemy.
    if (primary_keys_.size() > 1)
        throw ArgumentError("Table '" + t.name_ + "' has more than one PrimaryKeyConstraint");
    if (!primary_keys_.empty()) {
        for (auto& c : t.owned_columns_)
            c->mutable_schema().primary_key = false;
        for (const auto& name : primary_keys_.front().columns) {
            ColumnNode* c = find(name, "PrimaryKeyConstraint");
            c->mutable_schema().primary_key = true;
            t.primary_key_.push_back(c);
        }
        t.primary_key_name_ = primary_keys_.front().name;
    } else {
        for (auto& c : t.owned_columns_)
            if (c->schema().primary_key) t.primary_key_.push_back(c.get());
    }

    // Foreign keys: column-level first (in column order), then table-level.
    for (auto& c : t.owned_columns_) {
        for (const auto& fk : c->schema().foreign_keys) {
            ForeignKeyReference ref;
            ref.name = fk.options.name;
            ref.options = fk.options;
            ref.columns = {c.get()};
            ref.targets = {fk.target};
            std::string column;
            parse_target(fk.target, ref.target_table, column);
            ref.target_columns = {column};
            t.foreign_keys_.push_back(std::move(ref));
        }
    }
    for (auto& fk : foreign_keys_) {
        if (fk.columns.empty() || fk.columns.size() != fk.targets.size())
            throw ArgumentError("ForeignKeyConstraint on table '" + t.name_ +
                                "' needs as many target columns as local columns");
        ForeignKeyReference ref;
        ref.name = fk.options.name;
        ref.options = fk.options;
        for (const auto& name : fk.columns)
            ref.columns.push_back(find(name, "ForeignKeyConstraint"));
        for (const auto& target : fk.targets) {
            std::string table, column;
            parse_target(target, table, column);
            if (!ref.target_table.empty() && ref.target_table != table)
                throw ArgumentError("ForeignKeyConstraint on table '" + t.name_ +
                                    "' references more than one table ('" + ref.target_table +
                                    "' and '" + table + "')");
            ref.target_table = table;
            ref.target_columns.push_back(column);
        }
        ref.targets = fk.targets;
        t.foreign_keys_.push_back(std::move(ref));
    }

    // Unique constraints: single-column flags, then table-level ones. A column that is both
    // unique() and index() gets a unique index instead (as in SQLAlchemy), not both.
    for (auto& c : t.owned_columns_)
        if (c->schema().unique && !c->schema().index)
            t.unique_constraints_.push_back({{}, {c.get()}});
    for (auto& u : uniques_) {
        if (u.columns.empty())
            throw ArgumentError("UniqueConstraint on table '" + t.name_ + "' needs columns");
        UniqueConstraintDefinition def{u.name, {}};
        for (const auto& name : u.columns)
            def.columns.push_back(find(name, "UniqueConstraint"));
        t.unique_constraints_.push_back(std::move(def));
    }

    // Indexes: single-column flags get SQLAlchemy's ix_<table>_<column> name.
    for (auto& c : t.owned_columns_) {
        if (!c->schema().index) continue;
        auto def = std::make_shared<IndexDefinition>();
        def->name = "ix_" + t.name_ + "_" + c->name();
        def->table = &t;
        def->expressions = {non_owning(c.get())};
        def->unique = c->schema().unique;
        t.indexes_.push_back(std::move(def));
    }
    for (auto& index : indexes_) {
        auto def = std::make_shared<IndexDefinition>();
        def->name = index.name();
        def->table = &t;
        def->unique = index.options().unique;
        def->where = index.options().where.node();
        if (index.column_names().empty())
            throw ArgumentError("Index '" + index.name() + "' on table '" + t.name_ +
                                "' needs columns");
        for (const auto& name : index.column_names())
            def->expressions.push_back(non_owning(find(name, "Index")));
        t.indexes_.push_back(std::move(def));
    }

    // SQLAlchemy's "auto" rule: one integer primary key column without a client default is
    // filled by the database.
    if (t.primary_key_.size() == 1) {
        const ColumnNode* pk = t.primary_key_.front();
        const auto& s = pk->schema();
        bool integer = pk->type().is_integer();
        if (s.autoincrement == Autoincrement::Yes ||
            (s.autoincrement == Autoincrement::Auto && integer && !s.default_value &&
             !s.server_default && s.foreign_keys.empty()) ||
            (s.identity && integer) || (s.sequence && integer))
            t.autoincrement_column_ = pk;
    } else {
        for (const ColumnNode* pk : t.primary_key_)
            if (pk->schema().autoincrement == Autoincrement::Yes || pk->schema().identity)
                t.autoincrement_column_ = pk;
    }

    if (metadata) {
        t.metadata_ = metadata->impl();
        metadata->impl()->add(node_);
    }
    return node_;
}

Table::Table(std::shared_ptr<const TableNode> node) : FromClause(node), table_(std::move(node)) {}

std::vector<Column> Table::primary_key() const {
    std::vector<Column> out;
    for (const ColumnNode* c : table_->primary_key())
        out.emplace_back(std::shared_ptr<const ColumnNode>(table_, c));
    return out;
}

}  // namespace retort
