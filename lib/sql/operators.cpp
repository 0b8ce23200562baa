// Operator spellings and negations shared by all dialects.
#include <retort/sql/operators.hpp>

namespace retort {

std::string_view operator_sql(Operator op) noexcept {
    switch (op) {
        case Operator::Add:
            return " + ";
        case Operator::Subtract:
            return " - ";
        case Operator::Multiply:
            return " * ";
        case Operator::Divide:
            return " / ";
        case Operator::Modulo:
            return " % ";
        case Operator::Concat:
            return " || ";
        case Operator::Equal:
            return " = ";
        case Operator::NotEqual:
            return " != ";
        case Operator::Less:
            return " < ";
        case Operator::LessEqual:
            return " <= ";
        case Operator::Greater:
            return " > ";
        case Operator::GreaterEqual:
            return " >= ";
        case Operator::IsDistinctFrom:
            return " IS DISTINCT FROM ";
        case Operator::IsNotDistinctFrom:
            return " IS NOT DISTINCT FROM ";
        case Operator::Is:
            return " IS ";
        case Operator::IsNot:
            return " IS NOT ";
        case Operator::Like:
            return " LIKE ";
        case Operator::NotLike:
            return " NOT LIKE ";
        case Operator::ILike:
            return " ILIKE ";
        case Operator::NotILike:
            return " NOT ILIKE ";
        case Operator::In:
            return " IN ";
        case Operator::NotIn:
            return " NOT IN ";
        case Operator::Between:
            return " BETWEEN ";
        case Operator::NotBetween:
            return " NOT BETWEEN ";
        case Operator::And:
            return " AND ";
        case Operator::Or:
            return " OR ";
        case Operator::Not:
            return "NOT ";
        case Operator::Negate:
            return "-";
        case Operator::Exists:
            return "EXISTS ";
        case Operator::Distinct:
            return "DISTINCT ";
        case Operator::Custom:
            return " ";
    }
    return " ";
}

Operator negated_operator(Operator op) noexcept {
    switch (op) {
        case Operator::Equal:
            return Operator::NotEqual;
        case Operator::NotEqual:
            return Operator::Equal;
        case Operator::Less:
            return Operator::GreaterEqual;
        case Operator::LessEqual:
            return Operator::Greater;
        case Operator::Greater:
            return Operator::LessEqual;
        case Operator::GreaterEqual:
            return Operator::Less;
        case Operator::IsDistinctFrom:
            return Operator::IsNotDistinctFrom;
        case Operator::IsNotDistinctFrom:
            return Operator::IsDistinctFrom;
        case Operator::Is:
            return Operator::IsNot;
        case Operator::IsNot:
            return Operator::Is;
        case Operator::Like:
            return Operator::NotLike;
        case Operator::NotLike:
            return Operator::Like;
        case Operator::ILike:
            return Operator::NotILike;
        case Operator::NotILike:
            return Operator::ILike;
        case Operator::In:
            return Operator::NotIn;
        case Operator::NotIn:
            return Operator::In;
        case Operator::Between:
            return Operator::NotBetween;
        case Operator::NotBetween:
            return Operator::Between;
        default:
            return Operator::Custom;
    }
}

}  // namespace retort
