// text(): splits hand-written SQL into literal pieces and `:name` parameters once, at
// construction, so every dialect renders it with its own placeholders.
#include <retort/errors.hpp>
#include <retort/sql/text.hpp>

namespace retort {

namespace {
bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
}  // namespace

TextClauseNode::TextClauseNode(std::string sql) : Node(NodeKind::TextClause), sql_(std::move(sql)) {
    if (sql_.empty()) throw ArgumentError("text() needs SQL");
    std::string current;
    char quote = 0;  // inside '...' or "..." nothing is a parameter
    for (std::size_t i = 0; i < sql_.size(); ++i) {
        char c = sql_[i];
        if (c == '\\' && i + 1 < sql_.size() && sql_[i + 1] == ':') {
            current.push_back(':');  // `\:` is a literal colon
            ++i;
            continue;
        }
        if (quote) {
            current.push_back(c);
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            current.push_back(c);
            continue;
        }
        if (c != ':') {
            current.push_back(c);
            continue;
        }
        if (i + 1 < sql_.size() && sql_[i + 1] == ':') {  // `::` is a PostgreSQL cast
            current += "::";
            ++i;
            continue;
        }
        if (i > 0 && is_word(sql_[i - 1])) {  // `a:b`, `12:30`: not a parameter
            current.push_back(c);
            continue;
        }
        if (i + 1 >= sql_.size() || !is_word(sql_[i + 1])) {
            current.push_back(c);
            continue;
        }
        if (!is_name_start(sql_[i + 1])) {
            std::size_t end = i + 1;
            while (end < sql_.size() && is_word(sql_[end]))
                ++end;
            throw ArgumentError("malformed bound parameter '" + sql_.substr(i, end - i) +
                                "' at offset " + std::to_string(i) +
                                " in text(): a parameter name must start with a letter or an "
                                "underscore (write \\: for a literal colon)");
        }
        std::size_t end = i + 1;
        while (end < sql_.size() && is_word(sql_[end]))
            ++end;
        std::string name = sql_.substr(i + 1, end - i - 1);
        pieces_.push_back({std::move(current), name});
        current.clear();
        bool known = false;
        for (const auto& n : names_)
            known = known || n == name;
        if (!known) {
            names_.push_back(name);
            binds_.push_back(std::make_shared<BindParameterNode>(
                BindParameterNode::Mode::Named, name, Value{}, false, SqlType{}, false));
        }
        i = end - 1;
    }
    pieces_.push_back({std::move(current), {}});
}

void TextClauseNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::TextClause, static_cast<std::uint32_t>(columns_.size()));
    context.key.add_string(sql_);
    for (const auto& c : columns_) {
        context.key.add_string(c.name);
        context.key.add(static_cast<std::uint64_t>(c.type.kind));
    }
    for (const auto& b : binds_)
        b->gather(context);
}

void TextClauseNode::accept_children(NodeVisitor& visitor) const {
    for (const auto& b : binds_)
        visitor.visit(*b);
}

TextClause::TextClause(std::string sql) : node_(std::make_shared<TextClauseNode>(std::move(sql))) {}

TextClause text(std::string sql) {
    return TextClause(std::move(sql));
}

namespace {
std::size_t parameter_position(const TextClauseNode& node, const std::string& name) {
    const auto& names = node.parameter_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    std::string known;
    for (const auto& n : names)
        known += (known.empty() ? "" : ", ") + n;
    throw ArgumentError("This text() construct doesn't define a bound parameter named '" + name +
                        "' (parameters: " + (known.empty() ? std::string("none") : known) + ")");
}
}  // namespace

TextClause TextClause::bindparams(std::vector<std::pair<std::string, Value>> values) const {
    auto copy = std::make_shared<TextClauseNode>(*node_);
    for (auto& [name, value] : values) {
        std::size_t i = parameter_position(*copy, name);
        SqlType type = copy->binds_[i]->type();
        copy->binds_[i] = std::make_shared<BindParameterNode>(
            BindParameterNode::Mode::Named, name, std::move(value), true, std::move(type), false);
    }
    return TextClause(std::move(copy));
}

TextClause TextClause::bindparam_type(const std::string& name, SqlType type) const {
    auto copy = std::make_shared<TextClauseNode>(*node_);
    std::size_t i = parameter_position(*copy, name);
    const auto& old = *copy->binds_[i];
    copy->binds_[i] = std::make_shared<BindParameterNode>(
        BindParameterNode::Mode::Named, name, old.value(), old.has_value(), std::move(type), false);
    return TextClause(std::move(copy));
}

TextClause TextClause::columns(std::vector<TextClauseNode::ResultColumn> columns) const {
    auto copy = std::make_shared<TextClauseNode>(*node_);
    copy->columns_ = std::move(columns);
    return TextClause(std::move(copy));
}

FromClause TextClause::subquery(std::string name) const {
    return FromClause(std::make_shared<SubqueryNode>(NodeKind::Subquery, std::move(name), node_,
                                                     SubqueryNode::Options{}));
}

Cte TextClause::cte(std::string name) const {
    return Cte(std::make_shared<SubqueryNode>(NodeKind::Cte, std::move(name), node_,
                                              SubqueryNode::Options{}));
}

}  // namespace retort
