// Binding a compiled form to one execution: gathering values by slot, evaluating client-side
// defaults, expanding IN lists (renumbering `$n`), and the literal rendering for logs.
#include <retort/compiler/compiled_cache.hpp>
#include <retort/compiler/compiled_statement.hpp>
#include <retort/compiler/compiler.hpp>
#include <retort/errors.hpp>

#include <charconv>

namespace retort {

namespace {

const Value* slot_value(const ParameterSlot& slot, const BindParameterNode* const* binds,
                        std::size_t bind_count, const Parameters* parameters, BoundStatement& out) {
    switch (slot.source) {
        case SlotSource::Literal:
            if (slot.bind_index >= bind_count)
                throw CompileError("internal: parameter '" + slot.name + "' has no gathered value");
            return &binds[slot.bind_index]->value();
        case SlotSource::Named: {
            if (parameters)
                if (const Value* v = parameters->find(slot.name)) return v;
            if (slot.bind_index != ParameterSlot::npos && slot.bind_index < bind_count &&
                binds[slot.bind_index]->has_value())
                return &binds[slot.bind_index]->value();
            throw CompileError("A value is required for bind parameter '" + slot.name + "'");
        }
        case SlotSource::ColumnDefault:
        case SlotSource::ColumnOnUpdate: {
            const auto& def = slot.source == SlotSource::ColumnDefault
                                  ? slot.column->schema().default_value
                                  : slot.column->schema().onupdate;
            if (def->kind == ColumnDefault::Kind::Value) return &def->value;
            // A callable runs once per row; its value lives in the bound statement.
            out.owned_values.push_back(def->callable());
            return &out.owned_values.back();
        }
    }
    return nullptr;
}

std::size_t count_owned(const CompiledForm& form) {
    std::size_t n = 0;
    for (const auto& s : form.slots())
        if (s.source == SlotSource::ColumnDefault || s.source == SlotSource::ColumnOnUpdate) ++n;
    return n;
}

}  // namespace

void CompiledForm::bind(const BindParameterNode* const* binds, std::size_t bind_count,
                        const Parameters* parameters, BoundStatement& out) const {
    out.form_sql = &sql_;
    out.expanded = false;
    out.parameters.clear();
    out.parameter_names.clear();
    out.parameter_types.clear();
    out.owned_values.clear();
    // Pointers into owned_values must stay valid: reserve before the first push.
    out.owned_values.reserve(count_owned(*this));
    if (!has_expanding_) {
        out.parameters.reserve(slots_.size());
        for (const auto& slot : slots_) {
            out.parameters.push_back(slot_value(slot, binds, bind_count, parameters, out));
            out.parameter_names.push_back(slot.name);
            out.parameter_types.push_back(&slot.type);
        }
        return;
    }
    // Expanding IN lists: rebuild the text from the recorded placeholder sites, numbering the
    // placeholders afresh.
    std::vector<const Value*> slot_values(slots_.size(), nullptr);
    for (std::size_t i = 0; i < slots_.size(); ++i)
        slot_values[i] = slot_value(slots_[i], binds, bind_count, parameters, out);
    out.owned_names.clear();
    std::string& text = out.expanded_sql;
    text.clear();
    text.reserve(sql_.size() + 16 * sites_.size());
    std::vector<std::uint32_t> renumbered(slots_.size(), 0);  // slot -> number already given
    std::size_t position = 0;
    std::string scratch;
    const ParamStyle style = dialect_->capabilities().paramstyle;
    const bool reuse = style == ParamStyle::Numeric || style == ParamStyle::Named;
    auto emit = [&](const Value* value, std::string_view name, const SqlType* type) {
        out.parameters.push_back(value);
        out.parameter_names.push_back(name);
        out.parameter_types.push_back(type);
        dialect_->append_placeholder(text, out.parameters.size(), name);
    };
    for (const auto& site : sites_) {
        text.append(sql_, position, site.offset - position);
        position = site.offset + site.length;
        const ParameterSlot& slot = slots_[site.slot];
        const Value* value = slot_values[site.slot];
        if (!slot.expanding) {
            if (reuse && renumbered[site.slot]) {
                dialect_->append_placeholder(text, renumbered[site.slot], slot.name);
                continue;
            }
            emit(value, slot.name, &slot.type);
            renumbered[site.slot] = static_cast<std::uint32_t>(out.parameters.size());
            continue;
        }
        if (value->kind() != ValueKind::List)
            throw CompileError("expanding parameter '" + slot.name +
                               "' needs a list of values, got a " +
                               std::string(value_kind_name(value->kind())));
        const auto& items = value->list();
        if (items.empty()) {
            text += dialect_->empty_in_list(slot.negated_in, slot.tuple_arity, scratch);
            continue;
        }
        // Items are named like SQLAlchemy's expanded parameters: id_1_1, id_1_2, ...
        std::size_t counter = 0;
        auto item_name = [&]() -> std::string_view {
            out.owned_names.push_back(slot.name + "_" + std::to_string(++counter));
            return out.owned_names.back();
        };
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) text += ", ";
            const Value& item = items[i];
            if (slot.tuple_arity) {
                if (item.kind() != ValueKind::List || item.list().size() != slot.tuple_arity)
                    throw CompileError("tuple IN parameter '" + slot.name + "': item " +
                                       std::to_string(i + 1) + " is not a tuple of " +
                                       std::to_string(slot.tuple_arity) + " values");
                text += '(';
                for (std::size_t k = 0; k < item.list().size(); ++k) {
                    if (k) text += ", ";
                    emit(&item.list()[k], item_name(), &slot.type);
                }
                text += ')';
            } else {
                emit(&item, item_name(), &slot.type);
            }
        }
    }
    text.append(sql_, position, std::string::npos);
    out.expanded = true;
}

CompiledStatement::CompiledStatement(std::shared_ptr<const CompiledForm> form, NodePtr statement,
                                     std::vector<const BindParameterNode*> binds)
    : form_(std::move(form)), statement_(std::move(statement)), binds_(std::move(binds)) {}

BoundStatement CompiledStatement::bind(const Parameters* parameters) const {
    BoundStatement bound;
    form_->bind(binds_.data(), binds_.size(), parameters, bound);
    return bound;
}

std::string CompiledStatement::sql(const Parameters& parameters) const {
    if (!form_->has_expanding()) return form_->sql();
    BoundStatement bound = bind(&parameters);
    return bound.expanded_sql;
}

std::vector<Value> CompiledStatement::parameters(const Parameters& parameters) const {
    BoundStatement bound = bind(&parameters);
    std::vector<Value> out;
    out.reserve(bound.parameters.size());
    for (const Value* v : bound.parameters)
        out.push_back(*v);
    return out;
}

std::vector<std::string> CompiledStatement::parameter_names(const Parameters& parameters) const {
    BoundStatement bound = bind(&parameters);
    return {bound.parameter_names.begin(), bound.parameter_names.end()};
}

std::string CompiledStatement::to_literal_sql(const Parameters& parameters) const {
    // Re-render from the recorded placeholder sites, so text that merely looks like a
    // placeholder (a `?` or `$1` inside a string, a `:name` used twice) is never mistaken for
    // one; every placeholder becomes its value as a literal escaped by the dialect.
    const CompiledForm& form = *form_;
    const Dialect& dialect = form.dialect();
    const bool format = dialect.capabilities().paramstyle == ParamStyle::Format;
    const std::string& sql = form.sql();
    BoundStatement owner;  // keeps the values computed by callable defaults
    owner.owned_values.reserve(count_owned(form));
    std::vector<const Value*> values(form.slots().size(), nullptr);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = slot_value(form.slots()[i], binds_.data(), binds_.size(), &parameters, owner);
    std::string out;
    out.reserve(sql.size() + 16 * form.sites().size());
    // The format style doubles `%` in the SQL text; the literal text shows it once.
    auto append_text = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            out.push_back(sql[i]);
            if (format && sql[i] == '%' && i + 1 < to && sql[i + 1] == '%') ++i;
        }
    };
    std::string scratch;
    std::size_t position = 0;
    for (const auto& site : form.sites()) {
        append_text(position, site.offset);
        position = site.offset + site.length;
        const ParameterSlot& slot = form.slots()[site.slot];
        const Value& value = *values[site.slot];
        if (!slot.expanding) {
            dialect.append_literal(out, value);
            continue;
        }
        if (value.kind() != ValueKind::List)
            throw CompileError("expanding parameter '" + slot.name +
                               "' needs a list of values, got a " +
                               std::string(value_kind_name(value.kind())));
        const auto& items = value.list();
        if (items.empty()) {
            out += dialect.empty_in_list(slot.negated_in, slot.tuple_arity, scratch);
            continue;
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ", ";
            dialect.append_literal(out, items[i]);  // a tuple renders as `(a, b)`
        }
    }
    append_text(position, sql.size());
    return out;
}

void gather(const Statement& statement, GatherContext& context, const Parameters* parameters) {
    // A reused context starts afresh (keeping its storage): a key or bind list left from the
    // previous statement would corrupt this one's.
    context.clear();
    context.parameters = parameters;
    statement.node()->gather(context);
}

CompiledStatement compile(const Statement& statement, const Dialect& dialect,
                          CompileOptions options) {
    GatherContext context;
    gather(statement, context, options.parameters);
    Compiler compiler(dialect, context, options);
    auto form = compiler.compile_statement(statement.node());
    std::vector<const BindParameterNode*> binds(context.binds(),
                                                context.binds() + context.bind_count());
    return CompiledStatement(std::move(form), statement.node(), std::move(binds));
}

std::string to_literal_sql(const Statement& statement, const Dialect& dialect,
                           const Parameters& parameters) {
    CompileOptions options;
    options.parameters = &parameters;
    return compile(statement, dialect, options).to_literal_sql(parameters);
}

}  // namespace retort
