// Row: reading columns from a live cursor or from owned values, converting to the C++ type asked
// for, and DataErrors that name the column, its SQL type and the C++ type.
#include <retort/engine/row.hpp>
#include <retort/engine/value_text.hpp>
#include <retort/errors.hpp>

namespace retort {

const std::vector<std::string>& Row::keys() const {
    static const std::vector<std::string> none;
    return metadata_ ? metadata_->names : none;
}

std::size_t Row::index_of(std::string_view name) const {
    if (metadata_) {
        std::size_t i = metadata_->find(name);
        if (i != static_cast<std::size_t>(-1)) return i;
    }
    std::string known;
    for (const auto& k : keys())
        known += (known.empty() ? "" : ", ") + k;
    throw ArgumentError("the row has no column named '" + std::string(name) +
                        "' (columns: " + known + ")");
}

void Row::index_error(std::size_t index) const {
    throw ArgumentError("column index " + std::to_string(index) + " is out of range; the row has " +
                        std::to_string(size()) + " columns");
}

namespace {
std::string column_description(const ResultMetadata& m, std::size_t index) {
    std::string out = "column '" + m.names[index] + "'";
    if (!m.types[index].is_null()) out += " (" + m.types[index].to_string() + ")";
    return out;
}
}  // namespace

void Row::null_error(std::size_t index, std::string_view cpp_type) const {
    throw DataError(column_description(*metadata_, index) + " is NULL and cannot be read as " +
                    std::string(cpp_type) + "; read it as std::optional<" + std::string(cpp_type) +
                    ">");
}

void Row::range_error(std::size_t index, std::string_view cpp_type, std::int64_t v) const {
    throw DataError(column_description(*metadata_, index) + " holds " + std::to_string(v) +
                    ", which does not fit in " + std::string(cpp_type));
}

void Row::conversion_error(std::size_t index, std::string_view cpp_type, const Value& v) const {
    throw DataError(column_description(*metadata_, index) + " holds a " +
                    std::string(value_kind_name(v.kind())) + " (" + v.to_display_string(60) +
                    ") that cannot be read as " + std::string(cpp_type));
}

namespace {
/// Rethrows a driver's conversion failure with the column named.
template <class F>
auto with_column(const ResultMetadata& m, std::size_t index, std::string_view cpp_type, F&& f)
    -> decltype(f()) {
    try {
        return f();
    } catch (const DataError& e) {
        std::string message = e.what();
        if (message.find("column '" + m.names[index] + "'") != std::string::npos) throw;
        throw DataError(column_description(m, index) + " cannot be read as " +
                        std::string(cpp_type) + ": " + message);
    }
}
}  // namespace

bool Row::read_bool(std::size_t index) const {
    if (values_) {
        const Value& v = (*values_)[index];
        if (auto* b = v.get_if<bool>()) return *b;
        if (auto* i = v.get_if<std::int64_t>()) return *i != 0;
        if (auto* s = v.get_if<std::string>()) {
            try {
                return parse_bool(*s);
            } catch (const DataError&) {
            }
        }
        conversion_error(index, "bool", v);
    }
    return with_column(*metadata_, index, "bool", [&] { return cursor_->get_int64(index) != 0; });
}

std::int64_t Row::read_int64(std::size_t index) const {
    if (values_) {
        const Value& v = (*values_)[index];
        if (auto* i = v.get_if<std::int64_t>()) return *i;
        if (auto* b = v.get_if<bool>()) return *b ? 1 : 0;
        if (auto* d = v.get_if<double>();
            d && static_cast<double>(static_cast<std::int64_t>(*d)) == *d)
            return static_cast<std::int64_t>(*d);
        if (auto* s = v.get_if<std::string>()) {
            try {
                return parse_int64(*s);
            } catch (const DataError&) {
            }
        }
        if (auto* dec = v.get_if<Decimal>()) {
            try {
                return parse_int64(dec->text);
            } catch (const DataError&) {
            }
        }
        conversion_error(index, "an integer", v);
    }
    return with_column(*metadata_, index, "an integer", [&] { return cursor_->get_int64(index); });
}

double Row::read_double(std::size_t index) const {
    if (values_) {
        const Value& v = (*values_)[index];
        if (auto* d = v.get_if<double>()) return *d;
        if (auto* i = v.get_if<std::int64_t>()) return static_cast<double>(*i);
        if (auto* dec = v.get_if<Decimal>()) return parse_double(dec->text);
        if (auto* s = v.get_if<std::string>()) {
            try {
                return parse_double(*s);
            } catch (const DataError&) {
            }
        }
        conversion_error(index, "double", v);
    }
    return with_column(*metadata_, index, "double", [&] { return cursor_->get_double(index); });
}

std::string_view Row::read_text(std::size_t index) const {
    if (values_) {
        const Value& v = (*values_)[index];
        if (auto* s = v.get_if<std::string>()) return *s;
        if (auto* j = v.get_if<Json>()) return j->text;
        if (auto* d = v.get_if<Decimal>()) return d->text;
        conversion_error(index, "a string", v);
    }
    return with_column(*metadata_, index, "a string", [&] { return cursor_->get_text(index); });
}

std::string Row::read_string(std::size_t index) const {
    if (values_) {
        const Value& v = (*values_)[index];
        if (auto* u = v.get_if<Uuid>()) return u->to_string();
        if (auto* d = v.get_if<std::chrono::year_month_day>()) return format_date(*d);
        if (auto* t = v.get_if<TimeOfDay>()) return format_time(*t);
        if (auto* ts = v.get_if<Timestamp>()) return format_timestamp(*ts);
        if (auto* iv = v.get_if<IntervalValue>()) return format_interval(*iv);
        if (auto* i = v.get_if<std::int64_t>()) return std::to_string(*i);
    }
    return std::string(read_text(index));
}

Timestamp Row::read_timestamp(std::size_t index) const {
    Value v = value_as(index, TypeKind::DateTime);
    if (auto* t = v.get_if<Timestamp>()) return *t;
    conversion_error(index, "a timestamp", v);
}

Value Row::value_as(std::size_t index, TypeKind kind) const {
    // The C++ type decides the kind; the declared type keeps its details when it agrees.
    const SqlType& declared = metadata_->types[index];
    SqlType asked;
    if (declared.kind != kind) asked = SqlType(kind);
    const SqlType& type = declared.kind == kind ? declared : asked;
    if (values_) {
        const Value& v = (*values_)[index];
        if (v.is_null()) return v;
        // Owned values were read with the declared type; convert text forms when asked for
        // another kind.
        if (auto* s = v.get_if<std::string>();
            s && kind != TypeKind::String && kind != TypeKind::Text) {
            try {
                return value_from_text(*s, type);
            } catch (const Error&) {
                conversion_error(index, type_kind_name(kind), v);
            }
        }
        if (kind == TypeKind::Numeric) {
            if (auto* i = v.get_if<std::int64_t>()) return Decimal{std::to_string(*i)};
        }
        if (kind == TypeKind::Interval) {
            if (auto* i = v.get_if<std::int64_t>()) return IntervalValue(0, 0, *i);
        }
        return v;
    }
    return with_column(*metadata_, index, type_kind_name(kind),
                       [&] { return cursor_->get_value(index, type); });
}

Value Row::value(std::size_t index) const {
    check_index(index);
    if (values_) return (*values_)[index];
    if (cursor_->is_null(index)) return Value{};
    return with_column(*metadata_, index, "a value",
                       [&] { return cursor_->get_value(index, metadata_->types[index]); });
}

Row Row::detach() const {
    if (values_ || !metadata_) return *this;
    std::vector<Value> values;
    values.reserve(size());
    for (std::size_t i = 0; i < size(); ++i)
        values.push_back(value(i));
    return Row(metadata_, std::move(values));
}

}  // namespace retort
