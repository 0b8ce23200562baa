// SqlType's names and equality, used in messages and in the compiled cache.
#include <retort/sql/types.hpp>

namespace retort {

std::string_view type_kind_name(TypeKind kind) noexcept {
    switch (kind) {
        case TypeKind::Null:
            return "NullType";
        case TypeKind::Integer:
            return "Integer";
        case TypeKind::SmallInteger:
            return "SmallInteger";
        case TypeKind::BigInteger:
            return "BigInteger";
        case TypeKind::Boolean:
            return "Boolean";
        case TypeKind::Float:
            return "Float";
        case TypeKind::Double:
            return "Double";
        case TypeKind::Numeric:
            return "Numeric";
        case TypeKind::String:
            return "String";
        case TypeKind::Text:
            return "Text";
        case TypeKind::Date:
            return "Date";
        case TypeKind::DateTime:
            return "DateTime";
        case TypeKind::Time:
            return "Time";
        case TypeKind::Interval:
            return "Interval";
        case TypeKind::LargeBinary:
            return "LargeBinary";
        case TypeKind::JSON:
            return "JSON";
        case TypeKind::UUID:
            return "UUID";
        case TypeKind::Enum:
            return "Enum";
    }
    return "Unknown";
}

std::string SqlType::to_string() const {
    std::string out(type_kind_name(kind));
    switch (kind) {
        case TypeKind::String:
        case TypeKind::LargeBinary:
            if (length) out += "(" + std::to_string(length) + ")";
            break;
        case TypeKind::Numeric:
            if (precision)
                out += "(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
            break;
        case TypeKind::DateTime:
        case TypeKind::Time:
            if (timezone) out += "(timezone=true)";
            break;
        case TypeKind::Enum:
            if (enumeration) out += "(" + enumeration->name + ")";
            break;
        default:
            break;
    }
    return out;
}

bool operator==(const SqlType& a, const SqlType& b) {
    if (a.kind != b.kind || a.length != b.length || a.precision != b.precision ||
        a.scale != b.scale || a.timezone != b.timezone)
        return false;
    if (a.enumeration == b.enumeration) return true;
    if (!a.enumeration || !b.enumeration) return false;
    return a.enumeration->name == b.enumeration->name &&
           a.enumeration->labels == b.enumeration->labels;
}

}  // namespace retort
