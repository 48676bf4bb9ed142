// cli/json_writer.h — a small streaming JSON writer (RFC 8259): objects, arrays, strings with
// proper escaping (invalid UTF-8 becomes U+FFFD), integers as integers, doubles in the shortest
// form that reads back to the same double (%.15g, else %.17g), NaN and infinities as null.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace qplab::cli {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);  // inside an object, before each value

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  // The shortest decimal that reads back as the same float (0.1f → 0.1, not
  // 0.10000000149011612): weights stay short. NaN and infinities as null.
  JsonWriter& float_value(float number);
  JsonWriter& value(bool flag);
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  JsonWriter& value(T number) {
    return raw(std::to_string(number));
  }
  JsonWriter& null();

  template <class T>
  JsonWriter& field(std::string_view name, const T& v) {
    return key(name).value(v);
  }

  // The document; throws std::logic_error while an object or array is still open.
  const std::string& str() const;

 private:
  JsonWriter& raw(std::string_view token);  // a complete value token
  void before_value();
  void open(char bracket, bool object);
  void close(char bracket, bool object);

  struct Level {
    bool object;
    bool empty = true;
  };
  std::string out_;
  std::vector<Level> levels_;
  bool have_key_ = false;
};

// `text` as a quoted JSON string.
std::string json_quote(std::string_view text);

}  // namespace qplab::cli
