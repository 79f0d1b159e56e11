package dev.fang.robustness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The ways to write a string or bytes constant as an expression that computes it. Every result is
 * parenthesized, keeps the type (bytes stay bytes) and is ASCII on one line, so it can replace the literal
 * anywhere an expression may stand.
 */
enum StringEncoder {
    BASE64 {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return decoding(c, refs, "b64decode", Base64.getEncoder().encodeToString(c.data()));
        }
    },
    BASE32 {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return decoding(c, refs, "b32decode", Encodings.base32(c.data()));
        }
    },
    BASE16 {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return decoding(c, refs, "b16decode", HexFormat.of().withUpperCase().formatHex(c.data()));
        }
    },
    BASE85 {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return decoding(c, refs, "b85decode", Encodings.base85(c.data()));
        }
    },
    HEX {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return refs.builtin("bytes")
                    ? Optional.of("(bytes.fromhex(" + PyRepr.str(HexFormat.of().formatHex(c.data())) + ")" + c.toType() + ")")
                    : Optional.empty();
        }
    },
    BYTE_LIST {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return refs.builtin("bytes") ? Optional.of("(bytes(" + byteList(c.data()) + ")" + c.toType() + ")") : Optional.empty();
        }
    },
    BYTEARRAY {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            // A bytearray is not bytes: only the str form, which decodes it, keeps the type.
            return !c.bytes() && refs.builtin("bytearray")
                    ? Optional.of("(bytearray(" + byteList(c.data()) + ").decode('utf-8'))")
                    : Optional.empty();
        }
    },
    CHR_LIST {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            if (c.bytes() || !refs.builtin("chr") || !refs.builtin("map")) {
                return Optional.empty();
            }
            StringJoiner codes = new StringJoiner(", ", "[", "]");
            c.value().codePoints().forEach(cp -> codes.add(Integer.toString(cp)));
            return Optional.of("(''.join(map(chr, " + codes + ")))");
        }
    },
    XOR {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            if (!refs.builtin("bytes")) {
                return Optional.empty();
            }
            int key = chance.between(1, 255);
            byte[] data = c.data();
            byte[] masked = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                masked[i] = (byte) (data[i] ^ key);
            }
            return Optional.of("(bytes(b ^ " + key + " for b in " + byteList(masked) + ")" + c.toType() + ")");
        }
    },
    REVERSED {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            String reversed = c.bytes() ? new StringBuilder(c.value()).reverse().toString() : reverseCodePoints(c.value());
            return Optional.of("(" + PyRepr.literal(reversed, c.bytes()) + "[::-1])");
        }
    },
    CONCATENATION {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return pieces(c, chance).map(parts -> "(" + String.join(" + ", literals(parts, c.bytes())) + ")");
        }
    },
    JOIN {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return pieces(c, chance).map(parts -> "(" + PyRepr.literal("", c.bytes()) + ".join(["
                    + String.join(", ", literals(parts, c.bytes())) + "]))");
        }
    },
    PERCENT_FORMAT {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            return pieces(c, chance).map(parts -> "(" + PyRepr.literal("%s".repeat(parts.size()), c.bytes()) + " % ("
                    + String.join(", ", literals(parts, c.bytes())) + "))");
        }
    },
    /** Pieces passed to {@code str.format} out of order, put back in order by the field numbers. */
    FORMAT_REORDERED {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            if (c.bytes()) {
                return Optional.empty();
            }
            return pieces(c, chance).map(parts -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    order.add(i);
                }
                java.util.Collections.rotate(order, chance.between(1, parts.size() - 1));
                StringBuilder template = new StringBuilder();
                List<String> arguments = new ArrayList<>();
                for (int position = 0; position < parts.size(); position++) {
                    template.append('{').append(order.indexOf(position)).append('}');
                }
                for (int index : order) {
                    arguments.add(PyRepr.str(parts.get(index)));
                }
                return "(" + PyRepr.str(template.toString()) + ".format(" + String.join(", ", arguments) + "))";
            });
        }
    },
    FSTRING {
        @Override
        Optional<String> encode(Constant c, Chance chance, ModuleRefs refs) {
            // Inside an f-string's braces Python 3.11 allows neither backslashes nor the outer quote.
            if (c.bytes() || !c.value().matches("[ !#-&(-\\[\\]-z|~]+")) {
                return Optional.empty();
            }
            return pieces(c, chance).map(parts -> {
                StringBuilder out = new StringBuilder("(f'");
                parts.forEach(part -> out.append("{\"").append(part).append("\"}"));
                return out.append("')").toString();
            });
        }
    };

    /** A constant being rewritten: bytes as one char per byte, a str as its code points. */
    record Constant(String value, boolean bytes) {
        byte[] data() {
            return value.getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        /** Turns the decoded bytes back into the constant's type. */
        String toType() {
            return bytes ? "" : ".decode('utf-8')";
        }
    }

    /** An expression computing the constant, or empty if this encoding cannot express it here. */
    abstract Optional<String> encode(Constant constant, Chance chance, ModuleRefs refs);

    private static Optional<String> decoding(Constant c, ModuleRefs refs, String function, String encoded) {
        return refs.module("base64").map(module -> "(" + module + "." + function + "(" + PyRepr.str(encoded) + ")" + c.toType() + ")");
    }

    private static String byteList(byte[] data) {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        for (byte b : data) {
            list.add(Integer.toString(b & 0xff));
        }
        return list.toString();
    }

    private static String reverseCodePoints(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }

    /** Two to four non-empty pieces (whole code points), or empty for a constant too short to split. */
    private static Optional<List<String>> pieces(Constant c, Chance chance) {
        int[] units = c.bytes() ? c.value().chars().toArray() : c.value().codePoints().toArray();
        if (units.length < 2) {
            return Optional.empty();
        }
        int count = chance.between(2, Math.min(4, units.length));
        List<Integer> cuts = new ArrayList<>();
        while (cuts.size() < count - 1) {
            int cut = chance.between(1, units.length - 1);
            if (!cuts.contains(cut)) {
                cuts.add(cut);
            }
        }
        cuts.sort(null);
        cuts.add(units.length);
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parts.add(new String(units, from, cut - from));
            from = cut;
        }
        return Optional.of(parts);
    }

    private static List<String> literals(List<String> parts, boolean bytes) {
        return parts.stream().map(part -> PyRepr.literal(part, bytes)).toList();
    }

    /** Tries the encodings in a random order until one applies. */
    static Optional<String> anyOf(Constant constant, Chance chance, ModuleRefs refs) {
        List<StringEncoder> order = new ArrayList<>(List.of(values()));
        while (!order.isEmpty()) {
            StringEncoder encoder = order.remove(chance.below(order.size()));
            Optional<String> expression = encoder.encode(constant, chance, refs);
            if (expression.isPresent()) {
                return expression;
            }
        }
        return Optional.empty();
    }
}
