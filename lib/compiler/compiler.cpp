// The compiler's state and dispatch: node kinds to dialect visitors (or user hooks), operand
// parentheses by precedence, placeholders and their slots, FROM inference with correlation,
// and the hoisting of CTEs into one WITH clause.
#include <retort/compiler/compile_hooks.hpp>
#include <retort/compiler/compiler.hpp>
#include <retort/errors.hpp>

#include <charconv>

namespace retort {

Compiler::Compiler(const Dialect& dialect, const GatherContext& gathered, CompileOptions options)
    : dialect_(dialect),
      gathered_(gathered),
      options_(options),
      form_(std::make_shared<CompiledForm>()),
      sql_(form_->sql_) {}

namespace {
StatementKind statement_kind(NodeKind kind) {
    switch (kind) {
        case NodeKind::Select:
        case NodeKind::CompoundSelect:
            return StatementKind::Select;
        case NodeKind::Insert:
            return StatementKind::Insert;
        case NodeKind::Update:
            return StatementKind::Update;
        case NodeKind::Delete:
            return StatementKind::Delete;
        case NodeKind::TextClause:
            return StatementKind::Text;
        case NodeKind::CreateTable:
        case NodeKind::DropTable:
        case NodeKind::CreateIndex:
        case NodeKind::DropIndex:
        case NodeKind::CreateSequence:
        case NodeKind::DropSequence:
        case NodeKind::CreateEnumType:
        case NodeKind::DropEnumType:
            return StatementKind::Ddl;
        default:
            return StatementKind::Other;
    }
}
}  // namespace

std::shared_ptr<CompiledForm> Compiler::compile_statement(const NodePtr& statement) {
    form_->dialect_ = &dialect_;
    form_->keep_alive_ = statement;
    form_->kind_ = statement_kind(statement->kind());
    if (statement->kind() == NodeKind::Insert)
        form_->insert_table_ = static_cast<const InsertNode&>(*statement).table.get();
    sql_.reserve(128);
    // Most statements have a few parameters: one allocation each instead of growing 1, 2, 4.
    form_->slots_.reserve(8);
    form_->sites_.reserve(8);
    if (statement->has_flag(kHasCte)) {
        std::vector<const Node*> visiting;
        collect_ctes(*statement, visiting);
    }
    record_results_ = true;
    process(*statement);
    for (const auto& slot : form_->slots_)
        if (slot.expanding) form_->has_expanding_ = true;
    return std::move(form_);
}

void Compiler::append_integer(std::int64_t value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    (void)ec;
    sql_.append(buf, end);
}

void Compiler::process(const Node& node) {
    if (detail::compile_hooks_active()) {
        if (auto hook = detail::find_compile_hook(node.kind(), dialect_.name())) {
            (*hook)(node, *this);
            return;
        }
    }
    process_default(node);
}

void Compiler::process_default(const Node& node) {
    const Dialect& d = dialect_;
    switch (node.kind()) {
        case NodeKind::Column:
            return d.visit_column(static_cast<const ColumnNode&>(node), *this);
        case NodeKind::BindParameter:
            return d.visit_bind_parameter(static_cast<const BindParameterNode&>(node), *this);
        case NodeKind::LiteralColumn:
            return d.visit_literal_column(static_cast<const LiteralColumnNode&>(node), *this);
        case NodeKind::Null:
        case NodeKind::True:
        case NodeKind::False:
            return d.visit_constant(static_cast<const ConstantNode&>(node), *this);
        case NodeKind::Binary:
            return d.visit_binary(static_cast<const BinaryNode&>(node), *this);
        case NodeKind::Unary:
            return d.visit_unary(static_cast<const UnaryNode&>(node), *this);
        case NodeKind::BooleanList:
            return d.visit_boolean_list(static_cast<const BooleanListNode&>(node), *this);
        case NodeKind::Grouping:
            return d.visit_grouping(static_cast<const GroupingNode&>(node), *this);
        case NodeKind::Tuple:
            return d.visit_tuple(static_cast<const TupleNode&>(node), *this);
        case NodeKind::In:
            return d.visit_in(static_cast<const InNode&>(node), *this);
        case NodeKind::Between:
            return d.visit_between(static_cast<const BetweenNode&>(node), *this);
        case NodeKind::Case:
            return d.visit_case(static_cast<const CaseNode&>(node), *this);
        case NodeKind::Cast:
            return d.visit_cast(static_cast<const CastNode&>(node), *this);
        case NodeKind::Function:
            return d.visit_function(static_cast<const FunctionNode&>(node), *this);
        case NodeKind::Label:
            return d.visit_label(static_cast<const LabelNode&>(node), *this);
        case NodeKind::Over:
            return d.visit_over(static_cast<const OverNode&>(node), *this);
        case NodeKind::Collate:
            return d.visit_collate(static_cast<const CollateNode&>(node), *this);
        case NodeKind::ScalarSelect:
        case NodeKind::Exists:
            return d.visit_subquery_expression(static_cast<const SubqueryExpressionNode&>(node),
                                               *this);
        case NodeKind::Excluded:
            return d.visit_excluded(static_cast<const ExcludedNode&>(node), *this);
        case NodeKind::Ordering:
            return d.visit_ordering(static_cast<const OrderingNode&>(node), *this);
        case NodeKind::TextExpression:
            return d.visit_text_expression(static_cast<const TextExpressionNode&>(node), *this);
        case NodeKind::Table:
            return d.visit_table(static_cast<const TableNode&>(node), *this);
        case NodeKind::Alias:
            return d.visit_alias(static_cast<const AliasNode&>(node), *this);
        case NodeKind::Subquery:
        case NodeKind::Cte:
            return d.visit_subquery(static_cast<const SubqueryNode&>(node), *this);
        case NodeKind::Join:
            return d.visit_join(static_cast<const JoinNode&>(node), *this);
        case NodeKind::Select:
            return d.visit_select(static_cast<const SelectNode&>(node), *this);
        case NodeKind::CompoundSelect:
            return d.visit_compound_select(static_cast<const CompoundSelectNode&>(node), *this);
        case NodeKind::TextClause:
            return d.visit_text(static_cast<const TextClauseNode&>(node), *this);
        case NodeKind::Insert:
            return d.visit_insert(static_cast<const InsertNode&>(node), *this);
        case NodeKind::Update:
            return d.visit_update(static_cast<const UpdateNode&>(node), *this);
        case NodeKind::Delete:
            return d.visit_delete(static_cast<const DeleteNode&>(node), *this);
        case NodeKind::CreateTable:
            return d.visit_create_table(static_cast<const TableDdlNode&>(node), *this);
        case NodeKind::DropTable:
            return d.visit_drop_table(static_cast<const TableDdlNode&>(node), *this);
        case NodeKind::CreateIndex:
            return d.visit_create_index(static_cast<const IndexDdlNode&>(node), *this);
        case NodeKind::DropIndex:
            return d.visit_drop_index(static_cast<const IndexDdlNode&>(node), *this);
        case NodeKind::CreateSequence:
            return d.visit_create_sequence(static_cast<const SchemaObjectDdlNode&>(node), *this);
        case NodeKind::DropSequence:
            return d.visit_drop_sequence(static_cast<const SchemaObjectDdlNode&>(node), *this);
        case NodeKind::CreateEnumType:
            return d.visit_create_enum_type(static_cast<const SchemaObjectDdlNode&>(node), *this);
        case NodeKind::DropEnumType:
            return d.visit_drop_enum_type(static_cast<const SchemaObjectDdlNode&>(node), *this);
        default:
            break;
    }
    throw CompileError("no renderer is registered for node kind '" +
                       std::string(node_kind_name(node.kind())) + "' on the " +
                       std::string(dialect_.name()) +
                       " dialect; register one with register_compile_hook()");
}

namespace {
/// Binding strength of an expression as an operand; -1 for atoms that never need parentheses.
int operand_precedence(const Node& node, Operator& op) {
    switch (node.kind()) {
        case NodeKind::Binary:
            op = static_cast<const BinaryNode&>(node).op();
            // A user-written operator's precedence is unknown (`a XOR b = 1` means
            // `a XOR (b = 1)` on MySQL): as an operand it is always parenthesized.
            return op == Operator::Custom ? 0 : precedence(op);
        case NodeKind::BooleanList:
            op = static_cast<const BooleanListNode&>(node).op();
            return precedence(op);
        case NodeKind::Unary:
            op = static_cast<const UnaryNode&>(node).op();
            return precedence(op);
        case NodeKind::In:
            op = Operator::In;
            return precedence(op);
        case NodeKind::Between:
            op = Operator::Between;
            return precedence(op);
        case NodeKind::TextExpression:
            op = Operator::Custom;
            return 0;  // unknown SQL: always parenthesize inside an operator
        default:
            return -1;
    }
}
}  // namespace

void Compiler::process_operand(const ExpressionNode& child, Operator parent, bool right_side) {
    Operator child_op = Operator::Custom;
    int child_precedence = operand_precedence(child, child_op);
    bool parens = false;
    if (child_precedence >= 0) {
        int parent_precedence = precedence(parent);
        if (child_precedence < parent_precedence) {
            parens = true;
        } else if (child_precedence == parent_precedence) {
            if (is_comparison(parent) || parent == Operator::Custom)
                parens = true;
            else if (right_side && !(is_associative(parent) && child_op == parent))
                parens = true;
        }
    }
    if (parens) {
        sql_.push_back('(');
        process(child);
        sql_.push_back(')');
    } else {
        process(child);
    }
}

void Compiler::process_list(const std::vector<ExpressionPtr>& items, std::string_view separator) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) sql_.append(separator);
        process(*items[i]);
    }
}

std::uint32_t Compiler::bind_index(const BindParameterNode& bind) const {
    return gathered_.find_bind(&bind);
}

std::string Compiler::unique_name(std::string_view base) {
    std::uint32_t* counter = nullptr;
    for (auto& [known, count] : name_counters_)
        if (known == base) {
            counter = &count;
            break;
        }
    if (!counter) counter = &name_counters_.emplace_back(std::string(base), 0).second;
    std::string name(base);
    name += '_';
    char buf[12];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, ++*counter);
    (void)ec;
    name.append(buf, end);
    return name;
}

std::uint32_t Compiler::add_slot(ParameterSlot slot, bool reusable_by_name) {
    auto& slots = form_->slots_;
    ParamStyle style = dialect_.capabilities().paramstyle;
    bool reuse = style == ParamStyle::Numeric || style == ParamStyle::Named;
    if (reuse && reusable_by_name && !slot.expanding) {
        // One named parameter used twice renders the same `$n` / `:name` twice.
        for (const auto& [name, index] : named_slots_)
            if (name == slot.name) return index;
    }
    auto index = static_cast<std::uint32_t>(slots.size());
    if (reuse && reusable_by_name) named_slots_.emplace_back(slot.name, index);
    slots.push_back(std::move(slot));
    return index;
}

void Compiler::emit_site(std::uint32_t slot_index) {
    const ParameterSlot& slot = form_->slots_[slot_index];
    auto offset = static_cast<std::uint32_t>(sql_.size());
    if (slot.expanding) {
        sql_ += "__[POSTCOMPILE_";
        sql_ += slot.name;
        sql_ += ']';
    } else {
        dialect_.append_placeholder(sql_, slot_index + 1, slot.name);
    }
    form_->sites_.push_back({offset, static_cast<std::uint32_t>(sql_.size() - offset), slot_index});
}

std::uint32_t Compiler::placeholder(const BindParameterNode& bind, std::string_view name_hint,
                                    const SqlType* type_hint) {
    if (literal_binds_) {
        if (!bind.has_value())
            throw CompileError("parameter '" + bind.name() +
                               "' has no value; DDL cannot take bound parameters");
        dialect_.append_literal(sql_, bind.value());
        return ParameterSlot::npos;
    }
    std::uint32_t position = gathered_.find_bind(&bind);
    if (position == GatherContext::npos)
        throw CompileError(
            "internal: bind parameter was not gathered (a custom node's gather() "
            "must call gather() on its children)");
    ParameterSlot slot;
    if (bind.is_named()) {
        slot.name = bind.name();
        slot.source = SlotSource::Named;
        slot.bind_index = bind.has_value() ? position : ParameterSlot::npos;
    } else {
        // The same bind node rendered twice keeps its name (and its `$n`).
        for (std::uint32_t i = 0; i < form_->slots_.size(); ++i) {
            const auto& s = form_->slots_[i];
            if (s.source == SlotSource::Literal && s.bind_index == position) {
                ParamStyle style = dialect_.capabilities().paramstyle;
                if (style == ParamStyle::Numeric || style == ParamStyle::Named) {
                    emit_site(i);
                    return i;
                }
                slot = s;
                break;
            }
        }
        if (slot.name.empty()) {
            std::string_view base = !bind.name().empty() ? std::string_view(bind.name())
                                    : !name_hint.empty() ? name_hint
                                                         : std::string_view("param");
            slot.name = unique_name(base);
        }
        slot.source = SlotSource::Literal;
        slot.bind_index = position;
    }
    slot.type = !bind.type().is_null() ? bind.type() : type_hint ? *type_hint : SqlType{};
    slot.expanding = bind.expanding();
    std::uint32_t index = add_slot(std::move(slot), bind.is_named());
    emit_site(index);
    return index;
}

void Compiler::column_value(const ColumnNode& column, const ExpressionNode& value,
                            std::uint32_t row, bool multi_row) {
    if (value.kind() == NodeKind::BindParameter && !literal_binds_) {
        auto& bind = static_cast<const BindParameterNode&>(value);
        if (!bind.is_named() && !bind.expanding()) {
            std::uint32_t position = gathered_.find_bind(&bind);
            if (position == GatherContext::npos)
                throw CompileError("internal: bind parameter was not gathered");
            ParameterSlot slot;
            slot.name = multi_row ? column.name() + "_m" + std::to_string(row) : column.name();
            slot.type = column.type();
            slot.source = SlotSource::Literal;
            slot.bind_index = position;
            slot.row = row;
            std::uint32_t index = add_slot(std::move(slot), false);
            emit_site(index);
            return;
        }
    }
    process(value);
}

void Compiler::default_placeholder(const ColumnNode& column, SlotSource source, std::uint32_t row) {
    ParameterSlot slot;
    slot.name = column.name();
    if (row > 0) slot.name += "_m" + std::to_string(row);
    slot.type = column.type();
    slot.source = source;
    slot.column = &column;
    slot.row = row;
    std::uint32_t index = add_slot(std::move(slot), false);
    emit_site(index);
}

void Compiler::named_placeholder(std::string_view name, const SqlType& type) {
    ParameterSlot slot;
    slot.name = std::string(name);
    slot.type = type;
    slot.source = SlotSource::Named;
    std::uint32_t index = add_slot(std::move(slot), true);
    emit_site(index);
}

void Compiler::collect_from_clauses_of(const SelectNode& select,
                                       std::vector<const FromClauseNode*>& out) {
    for (const auto& c : select.columns)
        collect_from_clauses(*c, out);
    if (select.where) collect_from_clauses(*select.where, out);
    for (const auto& f : select.froms) {
        bool known = false;
        for (const auto* existing : out)
            known = known || existing == f.get();
        if (!known) out.push_back(f.get());
    }
}

std::vector<const FromClauseNode*> Compiler::select_froms(const SelectNode& select) {
    std::vector<const FromClauseNode*> all;
    collect_from_clauses_of(select, all);
    // A table inside a join listed in FROM is reached through the join.
    auto hidden = [&](const FromClauseNode* f) {
        for (const auto* g : all)
            if (g != f && g->covers(f)) return true;
        return false;
    };
    std::vector<const FromClauseNode*> froms;
    bool any_hidden = false;
    for (const auto* f : all)
        any_hidden = any_hidden || hidden(f);
    if (!any_hidden) {
        froms = std::move(all);  // the usual case: no second list
    } else {
        froms.reserve(all.size());
        for (const auto* f : all)
            if (!hidden(f)) froms.push_back(f);
    }
    bool correlating =
        (role_ == SelectRole::ScalarSubquery || role_ == SelectRole::LateralSubquery) &&
        select.correlation != SelectNode::Correlation::None && !enclosing_froms_.empty();
    // As SQLAlchemy does, auto-correlation only applies to a subquery with several FROM
    // clauses: `(SELECT max(t.x) FROM t)` inside a query on t stays a query on its own.
    if (select.correlation == SelectNode::Correlation::Auto && froms.size() < 2)
        correlating = false;
    if (!correlating || froms.empty()) return froms;
    auto listed = [&](const FromClauseNode* f) {
        for (const auto& c : select.correlate)
            if (c->covers(f) || c.get() == f) return true;
        return false;
    };
    std::vector<const FromClauseNode*> kept;
    for (const auto* f : froms) {
        bool enclosing = false;
        for (const auto& level : enclosing_froms_)
            for (const auto* g : level)
                if (g->covers(f)) enclosing = true;
        bool correlate = enclosing;
        if (select.correlation == SelectNode::Correlation::Explicit)
            correlate = enclosing && listed(f);
        if (select.correlation == SelectNode::Correlation::Except)
            correlate = enclosing && !listed(f);
        if (!correlate) kept.push_back(f);
    }
    if (kept.empty())
        throw CompileError(
            "a subquery returned no FROM clauses due to auto-correlation (every table "
            "it uses is also in the enclosing statement); use correlate() or "
            "no_correlate() to control correlation");
    return kept;
}

std::string_view Compiler::from_name(const FromClauseNode& from) {
    const FromClauseNode* key = &from;
    if (from.kind() == NodeKind::Cte) key = static_cast<const SubqueryNode&>(from).identity();
    if (!key->name().empty()) return key->name();
    for (const auto& [node, name] : anonymous_froms_)
        if (node == key) return name;
    anonymous_froms_.emplace_back(key, unique_name("anon"));
    return anonymous_froms_.back().second;
}

std::string Compiler::anonymous_label(std::string_view base) {
    return unique_name(base);
}

void Compiler::add_result_column(ResultColumn column) {
    form_->result_columns_.push_back(std::move(column));
}

namespace {
struct CteCollector final : NodeVisitor {
    std::vector<const SubqueryNode*>& ctes;
    std::vector<const Node*>& visiting;
    CteCollector(std::vector<const SubqueryNode*>& c, std::vector<const Node*>& v)
        : ctes(c), visiting(v) {}

    void visit(const Node& node) override {
        if (!node.has_flag(kHasCte) && node.kind() != NodeKind::Column) return;
        for (const Node* n : visiting)
            if (n == &node) return;
        if (node.kind() == NodeKind::Column) {
            const FromClauseNode* parent = static_cast<const ColumnNode&>(node).parent();
            if (parent && parent->kind() != NodeKind::Table && parent->has_flag(kHasCte))
                visit(*parent);
            return;
        }
        visiting.push_back(&node);
        node.accept_children(*this);
        visiting.pop_back();
        if (node.kind() != NodeKind::Cte) return;
        auto& cte = static_cast<const SubqueryNode&>(node);
        for (auto& existing : ctes) {
            if (existing->identity() == cte.identity()) {
                // The restating CTE (the recursive union) is the one to render.
                if (cte.identity() != &cte && existing == cte.identity()) existing = &cte;
                return;
            }
        }
        ctes.push_back(&cte);
    }
};
}  // namespace

void Compiler::collect_ctes(const Node& node, std::vector<const Node*>& visiting) {
    CteCollector collector(ctes_, visiting);
    collector.visit(node);
}

bool Compiler::is_rendered_cte(const SubqueryNode& cte) const {
    for (const auto* c : ctes_)
        if (c->identity() == cte.identity()) return true;
    return false;
}

void Compiler::render_with_clause() {
    if (with_rendered_ || ctes_.empty()) return;
    with_rendered_ = true;
    bool recursive = false;
    for (const auto* c : ctes_)
        recursive = recursive || c->recursive();
    if (!capabilities().common_table_expressions)
        dialect_.unsupported("WITH (common table expressions)");
    if (recursive && !capabilities().recursive_cte) dialect_.unsupported("WITH RECURSIVE");
    sql_ += recursive ? "WITH RECURSIVE " : "WITH ";
    bool saved_records = record_results_;
    record_results_ = false;
    for (std::size_t i = 0; i < ctes_.size(); ++i) {
        const SubqueryNode& cte = *ctes_[i];
        if (i) sql_ += ", ";
        append_identifier(from_name(cte), &cte.identity()->name_quote_cache());
        const auto& names = cte.options().column_names;
        if (!names.empty()) {
            sql_ += '(';
            for (std::size_t k = 0; k < names.size(); ++k) {
                if (k) sql_ += ", ";
                append_identifier(names[k]);
            }
            sql_ += ')';
        }
        sql_ += " AS (";
        with_role(SelectRole::CteBody, [&] { process(*cte.select()); });
        sql_ += ')';
    }
    sql_ += ' ';
    record_results_ = saved_records;
}

}  // namespace retort
