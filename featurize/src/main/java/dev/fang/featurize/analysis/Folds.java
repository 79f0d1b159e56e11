package dev.fang.featurize.analysis;

import dev.fang.featurize.analysis.Value.Comp;
import dev.fang.featurize.analysis.Value.Cycle;
import dev.fang.featurize.analysis.Value.Int;
import dev.fang.featurize.analysis.Value.Ref;
import dev.fang.featurize.analysis.Value.Seq;
import dev.fang.featurize.analysis.Value.Str;
import dev.fang.featurize.analysis.Value.StrMethod;
import dev.fang.featurize.analysis.Value.Unknown;
import dev.fang.featurize.analysis.Value.Values;
import dev.fang.featurize.parser.PyLiterals;
import dev.fang.featurize.parser.PythonLexer;
import dev.fang.featurize.parser.PythonParser;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Constant folding: operators, string methods and the library functions that decode strings, applied to
 * constant {@link Value}s. Every method returns null (or {@link Unknown}) when the inputs are not constant
 * or Python would raise; none allocates more than the limits allow.
 */
final class Folds {

    /** Methods of str/bytes constants that are folded. */
    /** Marks an {@link Int} that Python holds as a float with a whole value ({@code 4 / 2}, {@code float('116')}). */
    static final String FLOAT = "float";
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,18}(\\.0*)?");

    static final Set<String> STR_METHODS = Set.of("join", "replace", "decode", "encode", "format", "upper", "lower",
            "strip", "lstrip", "rstrip", "split", "swapcase", "removeprefix", "removesuffix");

    private final Evaluator ev;
    private final Run run;

    Folds(Evaluator ev) {
        this.ev = ev;
        this.run = ev.run;
    }

    // ---- constructors with bounds ------------------------------------------------------------------------

    /** A folded string, or Unknown (and truncated) when it is longer than the per-value limit. */
    private Value str(String v, boolean bytes, List<String> transforms) {
        if (v == null) {
            return Unknown.INSTANCE;
        }
        if (v.length() > run.limits.maxValueChars()) {
            run.truncated = true;
            return Unknown.INSTANCE;
        }
        if (!run.charge(1 + v.length() / 16)) {
            return Unknown.INSTANCE;
        }
        return new Str(v, bytes, true, transforms);
    }

    private boolean fits(long length) {
        if (length > run.limits.maxValueChars()) {
            run.truncated = true;
            return false;
        }
        return true;
    }

    // ---- iteration and truth -----------------------------------------------------------------------------

    /** The items of a constant iterable, or null. */
    List<Value> iterate(Value v) {
        if (v instanceof Str s) {
            int n = s.value().length();
            if (!fits(n) || !run.charge(1 + n / 8)) {
                return null;
            }
            List<Value> out = new ArrayList<>(n);
            if (s.bytes()) {
                for (int i = 0; i < n; i++) {
                    out.add(new Int(s.value().charAt(i) & 0xFF, s.transforms()));
                }
            } else {
                s.value().codePoints().forEach(cp -> out.add(new Str(new String(Character.toChars(cp)), false, false, s.transforms())));
            }
            return out;
        }
        if (v instanceof Seq q) {
            return q.items();
        }
        if (v instanceof Comp c) {
            Seq q = ev.materialize(c);
            return q == null ? null : q.items();
        }
        return null;
    }

    static Boolean truthy(Value v) {
        if (v instanceof Int i) {
            return i.value() != 0;
        }
        if (v instanceof Str s) {
            return !s.value().isEmpty();
        }
        if (v instanceof Seq q) {
            return !q.items().isEmpty();
        }
        return null;
    }

    static Value compare(Value a, PythonParser.Comp_opContext op, Value b) {
        String o = op.getText();
        Integer cmp = null;
        if (a instanceof Int x && b instanceof Int y) {
            cmp = Long.compare(x.value(), y.value());
        } else if (a instanceof Str x && b instanceof Str y && x.bytes() == y.bytes()) {
            if (o.equals("in")) {
                return Int.of(y.value().contains(x.value()) ? 1 : 0);
            }
            if (o.equals("notin")) {
                return Int.of(y.value().contains(x.value()) ? 0 : 1);
            }
            cmp = Integer.signum(x.value().compareTo(y.value()));
        }
        if (cmp == null) {
            return Unknown.INSTANCE;
        }
        boolean r;
        switch (o) {
            case "==" -> r = cmp == 0;
            case "!=" -> r = cmp != 0;
            case "<" -> r = cmp < 0;
            case "<=" -> r = cmp <= 0;
            case ">" -> r = cmp > 0;
            case ">=" -> r = cmp >= 0;
            default -> {
                return Unknown.INSTANCE;
            }
        }
        return Int.of(r ? 1 : 0);
    }

    // ---- operators ---------------------------------------------------------------------------------------

    Value binary(Value a, int op, Value b) {
        try {
            return binaryExact(a, op, b);
        } catch (ArithmeticException e) {
            return Unknown.INSTANCE;
        }
    }

    private Value binaryExact(Value a, int op, Value b) {
        if (a instanceof Int x && b instanceof Int y) {
            List<String> tr = Values.join(x.transforms(), y.transforms());
            long p = x.value();
            long q = y.value();
            return switch (op) {
                case PythonLexer.PLUS -> new Int(Math.addExact(p, q), tr);
                case PythonLexer.MINUS -> new Int(Math.subtractExact(p, q), tr);
                case PythonLexer.STAR -> new Int(Math.multiplyExact(p, q), tr);
                case PythonLexer.IDIV -> new Int(Math.floorDiv(p, q), tr);
                case PythonLexer.SLASH -> q != 0 && p % q == 0 ? new Int(p / q, Values.add(tr, FLOAT)) : Unknown.INSTANCE;
                case PythonLexer.PERCENT -> new Int(Math.floorMod(p, q), tr);
                case PythonLexer.CIRCUMFLEX -> new Int(p ^ q, Values.add(tr, "xor"));
                case PythonLexer.AMPER -> new Int(p & q, tr);
                case PythonLexer.VBAR -> new Int(p | q, tr);
                case PythonLexer.LEFT_SHIFT -> q < 0 || q > 62 || (p != 0 && Long.numberOfLeadingZeros(Math.abs(p)) <= q + 1)
                        ? Unknown.INSTANCE : new Int(p << q, tr);
                case PythonLexer.RIGHT_SHIFT -> q < 0 ? Unknown.INSTANCE : new Int(p >> Math.min(q, 63), tr);
                case PythonLexer.POWER -> power(p, q, tr);
                default -> Unknown.INSTANCE;
            };
        }
        if (a instanceof Str x && b instanceof Str y && op == PythonLexer.PLUS && x.bytes() == y.bytes()) {
            if (!fits((long) x.value().length() + y.value().length())) {
                return Unknown.INSTANCE;
            }
            return str(x.value() + y.value(), x.bytes(), Values.join(x.transforms(), y.transforms()));
        }
        if (op == PythonLexer.STAR && (a instanceof Str && b instanceof Int || a instanceof Int && b instanceof Str)) {
            Str s = a instanceof Str sa ? sa : (Str) b;
            long n = a instanceof Int ia ? ia.value() : ((Int) b).value();
            if (n <= 0) {
                return new Str("", s.bytes(), true, s.transforms());
            }
            if (!fits(Math.multiplyExact((long) s.value().length(), n))) {
                return Unknown.INSTANCE;
            }
            return str(s.value().repeat((int) n), s.bytes(), s.transforms());
        }
        if (a instanceof Seq x && b instanceof Seq y && op == PythonLexer.PLUS) {
            if (!fits((long) x.items().size() + y.items().size())) {
                return Unknown.INSTANCE;
            }
            List<Value> items = new ArrayList<>(x.items());
            items.addAll(y.items());
            return new Seq(items, Values.join(x.transforms(), y.transforms()));
        }
        if (a instanceof Str x && op == PythonLexer.PERCENT) {
            List<Value> args = b instanceof Seq q ? q.items() : b instanceof Str || b instanceof Int ? List.of(b) : null;
            if (args == null) {
                return Unknown.INSTANCE;
            }
            String r = percent(x, args);
            return r == null ? Unknown.INSTANCE : str(r, x.bytes(), joinAll(x.transforms(), args));
        }
        return Unknown.INSTANCE;
    }

    private static Value power(long p, long q, List<String> tr) {
        if (q < 0 || q > 64) {
            return Unknown.INSTANCE;
        }
        BigInteger r = BigInteger.valueOf(p).pow((int) q);
        return r.bitLength() < 63 ? new Int(r.longValue(), tr) : Unknown.INSTANCE;
    }

    private static List<String> joinAll(List<String> start, List<Value> values) {
        List<String> tr = start;
        for (Value v : values) {
            tr = Values.join(tr, Values.transforms(v));
        }
        return tr;
    }

    /** {@code fmt % args} for {@code %s %d %i %c %x %X %%} without flags; null otherwise. */
    private static String percent(Str fmt, List<Value> args) {
        String f = fmt.value();
        StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (ch != '%') {
                sb.append(ch);
                continue;
            }
            if (i + 1 >= f.length()) {
                return null;
            }
            char t = f.charAt(++i);
            if (t == '%') {
                sb.append('%');
                continue;
            }
            if (next >= args.size()) {
                return null;
            }
            Value v = args.get(next++);
            String piece = switch (t) {
                case 's' -> v instanceof Str s && s.bytes() == fmt.bytes() ? s.value()
                        : v instanceof Int n ? Long.toString(n.value()) : null;
                case 'd', 'i' -> v instanceof Int n ? Long.toString(n.value()) : null;
                case 'x' -> v instanceof Int n && n.value() >= 0 ? Long.toHexString(n.value()) : null;
                case 'X' -> v instanceof Int n && n.value() >= 0 ? Long.toHexString(n.value()).toUpperCase(Locale.ROOT) : null;
                case 'c' -> v instanceof Int n && n.value() >= 0 && n.value() <= Character.MAX_CODE_POINT
                        ? new String(Character.toChars((int) n.value()))
                        : v instanceof Str s && s.value().length() == 1 ? s.value() : null;
                default -> null;
            };
            if (piece == null) {
                return null;
            }
            sb.append(piece);
        }
        return next == args.size() ? sb.toString() : null;
    }

    // ---- subscripts --------------------------------------------------------------------------------------

    Value index(Value cur, Value key) {
        if (!(key instanceof Int k)) {
            return null;
        }
        if (cur instanceof Str s) {
            int n = s.value().length();
            long i = k.value() < 0 ? k.value() + n : k.value();
            if (i < 0 || i >= n) {
                return null;
            }
            char ch = s.value().charAt((int) i);
            return s.bytes() ? new Int(ch & 0xFF, s.transforms()) : new Str(String.valueOf(ch), false, s.computed(), s.transforms());
        }
        if (cur instanceof Seq q) {
            int n = q.items().size();
            long i = k.value() < 0 ? k.value() + n : k.value();
            return i < 0 || i >= n ? null : q.items().get((int) i);
        }
        return null;
    }

    /** Python slicing of a constant string or sequence; None bounds are null. */
    Value slice(Value cur, Value start, Value stop, Value step) {
        long st = step instanceof Int s ? s.value() : 1;
        if (st == 0) {
            return null;
        }
        int n;
        if (cur instanceof Str s) {
            n = s.value().length();
        } else if (cur instanceof Seq q) {
            n = q.items().size();
        } else {
            return null;
        }
        long lower = st > 0 ? 0 : -1;
        long upper = st > 0 ? n : n - 1;
        long a = start instanceof Int i ? clamp(i.value(), n, lower, upper) : st < 0 ? upper : lower;
        long b = stop instanceof Int i ? clamp(i.value(), n, lower, upper) : st < 0 ? lower : upper;
        if (!run.charge(1 + n / 16)) {
            return null;
        }
        String transform = st == -1 ? "reverse" : st != 1 ? "stride" : null;
        if (cur instanceof Str s) {
            StringBuilder sb = new StringBuilder();
            for (long i = a; st > 0 ? i < b : i > b; i += st) {
                sb.append(s.value().charAt((int) i));
            }
            List<String> tr = transform == null ? s.transforms() : Values.add(s.transforms(), transform);
            return str(sb.toString(), s.bytes(), tr);
        }
        Seq q = (Seq) cur;
        List<Value> out = new ArrayList<>();
        for (long i = a; st > 0 ? i < b : i > b; i += st) {
            out.add(q.items().get((int) i));
        }
        return new Seq(out, transform == null ? q.transforms() : Values.add(q.transforms(), transform));
    }

    private static long clamp(long v, int n, long lower, long upper) {
        if (v < 0) {
            return Math.max(v + n, lower);
        }
        return Math.min(v, upper);
    }

    // ---- str and bytes methods ---------------------------------------------------------------------------

    Value strMethod(StrMethod m, Evaluator.Args a) {
        Str recv = m.receiver();
        String s = recv.value();
        switch (m.name()) {
            case "join" -> {
                List<Value> items = a.pos.size() == 1 ? iterate(a.pos.get(0)) : null;
                return items == null ? null : join(recv, items, a.pos.get(0) instanceof Seq q ? q.transforms() : List.of());
            }
            case "replace" -> {
                if (a.pos.size() < 2 || !(a.pos.get(0) instanceof Str old) || !(a.pos.get(1) instanceof Str rep)
                        || old.bytes() != recv.bytes() || rep.bytes() != recv.bytes() || old.value().isEmpty()) {
                    return null;
                }
                long count = a.pos.size() > 2 && a.pos.get(2) instanceof Int c ? c.value() : -1;
                String r = replace(s, old.value(), rep.value(), count);
                if (r == null) {
                    return null;
                }
                List<String> tr = Values.join(Values.join(recv.transforms(), old.transforms()), rep.transforms());
                return str(r, recv.bytes(), Values.add(tr, "replace"));
            }
            case "decode" -> {
                if (!recv.bytes()) {
                    return null;
                }
                String enc = a.arg(0, "encoding") instanceof Str e ? e.value() : "utf-8";
                String errors = a.arg(1, "errors") instanceof Str e ? e.value() : "strict";
                return decodeText(recv, enc, errors);
            }
            case "encode" -> {
                if (recv.bytes()) {
                    return null;
                }
                String enc = a.arg(0, "encoding") instanceof Str e ? e.value() : "utf-8";
                return encodeText(recv, enc);
            }
            case "format" -> {
                String r = format(s, a);
                return r == null ? null : str(r, recv.bytes(), joinAll(joinAll(recv.transforms(), a.pos),
                        new ArrayList<>(a.kw.values())));
            }
            case "upper" -> {
                return str(s.toUpperCase(Locale.ROOT), recv.bytes(), recv.transforms());
            }
            case "lower" -> {
                return str(s.toLowerCase(Locale.ROOT), recv.bytes(), recv.transforms());
            }
            case "swapcase" -> {
                StringBuilder sb = new StringBuilder(s.length());
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    sb.append(Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
                }
                return str(sb.toString(), recv.bytes(), recv.transforms());
            }
            case "strip", "lstrip", "rstrip" -> {
                String chars = a.pos.isEmpty() ? null : a.pos.get(0) instanceof Str c ? c.value() : "\u0000invalid";
                if ("\u0000invalid".equals(chars)) {
                    return null;
                }
                return str(strip(s, chars, !m.name().equals("rstrip"), !m.name().equals("lstrip")), recv.bytes(), recv.transforms());
            }
            case "removeprefix", "removesuffix" -> {
                if (a.pos.size() != 1 || !(a.pos.get(0) instanceof Str x)) {
                    return null;
                }
                String r = m.name().equals("removeprefix")
                        ? (s.startsWith(x.value()) ? s.substring(x.value().length()) : s)
                        : (s.endsWith(x.value()) ? s.substring(0, s.length() - x.value().length()) : s);
                return str(r, recv.bytes(), recv.transforms());
            }
            case "split" -> {
                Value sep = a.arg(0, "sep");
                Value max = a.arg(1, "maxsplit");
                long maxsplit = max instanceof Int mi ? mi.value() : -1;
                List<String> parts;
                if (sep == null || (sep instanceof Unknown && a.pos.isEmpty())) {
                    parts = splitWhitespace(s, maxsplit);
                } else if (sep instanceof Str sp && !sp.value().isEmpty()) {
                    parts = splitOn(s, sp.value(), maxsplit);
                } else {
                    return null;
                }
                if (!fits(parts.size())) {
                    return null;
                }
                List<Value> items = new ArrayList<>(parts.size());
                for (String p : parts) {
                    items.add(new Str(p, recv.bytes(), true, recv.transforms()));
                }
                return new Seq(items, recv.transforms());
            }
            default -> {
                return null;
            }
        }
    }

    private Value join(Str sep, List<Value> items, List<String> seqTransforms) {
        StringBuilder sb = new StringBuilder();
        List<String> tr = Values.join(sep.transforms(), seqTransforms);
        boolean first = true;
        for (Value v : items) {
            if (!(v instanceof Str s) || s.bytes() != sep.bytes()) {
                return null;
            }
            if (!first) {
                sb.append(sep.value());
            }
            first = false;
            sb.append(s.value());
            tr = Values.join(tr, s.transforms());
            if (!fits(sb.length())) {
                return null;
            }
        }
        return str(sb.toString(), sep.bytes(), tr);
    }

    private String replace(String s, String old, String rep, long count) {
        StringBuilder sb = new StringBuilder();
        int from = 0;
        long done = 0;
        while (count < 0 || done < count) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            sb.append(s, from, at).append(rep);
            from = at + old.length();
            done++;
            if (!fits(sb.length())) {
                return null;
            }
        }
        sb.append(s, from, s.length());
        return sb.toString();
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int a = 0;
        int b = s.length();
        while (left && a < b && (chars == null ? Character.isWhitespace(s.charAt(a)) : chars.indexOf(s.charAt(a)) >= 0)) {
            a++;
        }
        while (right && b > a && (chars == null ? Character.isWhitespace(s.charAt(b - 1)) : chars.indexOf(s.charAt(b - 1)) >= 0)) {
            b--;
        }
        return s.substring(a, b);
    }

    private static List<String> splitWhitespace(String s, long max) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (max >= 0 && out.size() == max) {
                out.add(strip(s.substring(i), null, false, true));
                return out;
            }
            int j = i;
            while (j < n && !Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static List<String> splitOn(String s, String sep, long max) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** {@code str.format} with {@code {}}, {@code {0}}, {@code {name}} and {@code !s}; no format specs. */
    private static String format(String f, Evaluator.Args a) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (ch == '{') {
                if (i + 1 < f.length() && f.charAt(i + 1) == '{') {
                    sb.append('{');
                    i++;
                    continue;
                }
                int close = f.indexOf('}', i);
                if (close < 0) {
                    return null;
                }
                String field = f.substring(i + 1, close);
                if (field.endsWith("!s")) {
                    field = field.substring(0, field.length() - 2);
                }
                if (field.contains(":") || field.contains("!") || field.contains(".") || field.contains("[")) {
                    return null;
                }
                Value v;
                if (field.isEmpty()) {
                    v = auto < a.pos.size() ? a.pos.get(auto++) : null;
                } else if (field.chars().allMatch(Character::isDigit)) {
                    int k = Integer.parseInt(field);
                    v = k < a.pos.size() ? a.pos.get(k) : null;
                } else {
                    v = a.kw.get(field);
                }
                if (v instanceof Str s && !s.bytes()) {
                    sb.append(s.value());
                } else if (v instanceof Int n) {
                    sb.append(n.value());
                } else {
                    return null;
                }
                i = close;
            } else if (ch == '}') {
                if (i + 1 < f.length() && f.charAt(i + 1) == '}') {
                    i++;
                }
                sb.append('}');
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String normEncoding(String enc) {
        return enc.toLowerCase(Locale.ROOT).strip().replace('-', '_').replace(' ', '_');
    }

    /** bytes → str. UTF-8 (strict unless errors say otherwise), Latin-1, ASCII and unicode_escape. */
    private Value decodeText(Str b, String encoding, String errors) {
        String enc = normEncoding(encoding);
        String out;
        List<String> tr = b.transforms();
        switch (enc) {
            case "utf_8", "utf8", "u8", "utf", "cp65001" -> {
                out = Codecs.utf8OrNull(b.value());
                if (out == null && !errors.equals("strict")) {
                    out = Codecs.utf8Lenient(b.value());
                }
            }
            case "latin_1", "latin1", "iso_8859_1", "iso8859_1", "l1", "cp819" -> out = b.value();
            case "ascii", "us_ascii" -> out = b.value().chars().allMatch(ch -> ch < 0x80) ? b.value() : null;
            case "unicode_escape" -> {
                out = PyLiterals.unescape(b.value(), false);
                tr = Values.add(tr, "unicode-escape");
            }
            default -> out = Codecs.decodeCharset(b.value(), enc);
        }
        return out == null ? null : str(out, false, tr);
    }

    /** str → bytes. */
    private Value encodeText(Str s, String encoding) {
        String enc = normEncoding(encoding);
        String out = switch (enc) {
            case "utf_8", "utf8", "u8", "utf" -> Codecs.utf8Encode(s.value());
            case "latin_1", "latin1", "iso_8859_1", "iso8859_1", "l1" -> Codecs.latin1(s.value()) == null ? null : s.value();
            case "ascii", "us_ascii" -> s.value().chars().allMatch(ch -> ch < 0x80) ? s.value() : null;
            default -> null;
        };
        return out == null ? null : str(out, true, s.transforms());
    }

    // ---- library functions -------------------------------------------------------------------------------

    private interface Decoder {
        byte[] decode(byte[] in, int maxOut);
    }

    /** Transforms whose input is text that may be base64 or hex (see {@link EncodedText}). */
    private static final Set<String> TEXT_DECODINGS = Set.of("base64", "base32", "base16", "base85", "ascii85", "hex");

    /**
     * Applies a bytes decoder to a constant (bytes, or a str of code points below 256), written at {@code site} (null
     * when unknown).
     */
    private Value decode(Value input, ParserRuleContext site, String transform, Decoder d) {
        if (!(input instanceof Str s)) {
            return null;
        }
        byte[] in = Codecs.latin1(s.value());
        if (in == null) {
            return null;
        }
        int bound = run.decodeBound();
        if (bound < 0 || !run.charge(1 + in.length / 16)) {
            return null;
        }
        byte[] out;
        try {
            out = d.decode(in, bound);
        } catch (Codecs.TooLarge e) {
            run.truncated = true;
            return null;
        }
        if (out == null) {
            return null;
        }
        run.decodedChars += out.length;
        run.charge(out.length / 16);
        String decoded = Codecs.chars(out);
        if (site != null && ev.depth == 0 && TEXT_DECODINGS.contains(transform)) {
            holdDecoderInput(s, decoded, site);
        }
        return new Str(decoded, true, true, Values.add(s.transforms(), transform));
    }

    /** The text a base-N or hex decoder consumed: when it was folded, it is no string constant of its own. */
    private void holdDecoderInput(Str input, String decoded, ParserRuleContext site) {
        Token start = site.getStart();
        Token stop = site.getStop() == null ? start : site.getStop();
        int line = ev.line(start);
        run.hold(new EncodedText(input.value(), input.computed(), decoded, line, ev.snippet(start, stop)),
                start.getStartIndex(), stop.getStopIndex(), input.computed());
    }

    /** Folds a call of a library function over constants, or returns null. */
    Value builtin(String api, Evaluator.Args a) {
        switch (api) {
            case "builtins.chr" -> {
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Int i && i.value() >= 0 && i.value() <= Character.MAX_CODE_POINT) {
                    return str(new String(Character.toChars((int) i.value())), false, Values.add(i.transforms(), "chr"));
                }
                return null;
            }
            case "builtins.ord" -> {
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Str s && s.value().codePointCount(0, s.value().length()) == 1) {
                    return new Int(s.value().codePointAt(0), s.transforms());
                }
                return null;
            }
            case "builtins.int" -> {
                return toInt(a);
            }
            case "builtins.float" -> {
                return toFloat(a);
            }
            case "builtins.str" -> {
                if (a.pos.size() == 1 && a.kw.isEmpty()) {
                    Value v = a.pos.get(0);
                    if (v instanceof Str s && !s.bytes()) {
                        return s;
                    }
                    if (v instanceof Int i) {
                        return str(i.value() + (i.transforms().contains(FLOAT) ? ".0" : ""), false, i.transforms());
                    }
                    return null;
                }
                Value enc = a.arg(1, "encoding");
                if (a.arg(0, "object") instanceof Str b && b.bytes() && enc instanceof Str e) {
                    Value err = a.arg(2, "errors");
                    return decodeText(b, e.value(), err instanceof Str es ? es.value() : "strict");
                }
                return null;
            }
            case "builtins.hex" -> {
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Int i) {
                    long v = i.value();
                    return str((v < 0 ? "-0x" : "0x") + Long.toHexString(Math.abs(v)), false, i.transforms());
                }
                return null;
            }
            case "builtins.len" -> {
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Str s) {
                    return Int.of(s.bytes() ? s.value().length() : s.value().codePointCount(0, s.value().length()));
                }
                if (a.pos.size() == 1 && a.pos.get(0) instanceof Seq q) {
                    return Int.of(q.items().size());
                }
                return null;
            }
            case "builtins.bytes", "builtins.bytearray" -> {
                return toBytes(a);
            }
            case "builtins.list", "builtins.tuple" -> {
                if (a.pos.size() == 1) {
                    List<Value> items = iterate(a.pos.get(0));
                    return items == null ? null : new Seq(items, joinAll(List.of(), items));
                }
                return a.pos.isEmpty() && a.kw.isEmpty() ? new Seq(List.of(), List.of()) : null;
            }
            case "builtins.reversed" -> {
                List<Value> items = a.pos.size() == 1 ? iterate(a.pos.get(0)) : null;
                if (items == null) {
                    return null;
                }
                List<Value> rev = new ArrayList<>(items);
                Collections.reverse(rev);
                return new Seq(rev, Values.add(joinAll(List.of(), items), "reverse"));
            }
            case "builtins.range" -> {
                return range(a);
            }
            case "builtins.zip" -> {
                return zip(a);
            }
            case "builtins.enumerate" -> {
                List<Value> items = a.pos.isEmpty() ? null : iterate(a.pos.get(0));
                Value start = a.arg(1, "start");
                if (items == null || (start != null && !(start instanceof Int))) {
                    return null;
                }
                long k = start == null ? 0 : ((Int) start).value();
                List<Value> out = new ArrayList<>(items.size());
                for (Value v : items) {
                    out.add(new Seq(List.of(Int.of(k++), v), Values.transforms(v)));
                }
                return new Seq(out, joinAll(List.of(), items));
            }
            case "builtins.map" -> {
                if (a.pos.size() != 2 || !(a.pos.get(0) instanceof Ref f)) {
                    return null;
                }
                if (!Set.of("builtins.chr", "builtins.ord", "builtins.int", "builtins.str").contains(f.api())) {
                    return null;
                }
                List<Value> items = iterate(a.pos.get(1));
                if (items == null || !run.charge(items.size())) {
                    return null;
                }
                List<Value> out = new ArrayList<>(items.size());
                for (Value v : items) {
                    Evaluator.Args one = new Evaluator.Args();
                    one.pos.add(v);
                    Value r = builtin(f.api(), one);
                    if (r == null || r instanceof Unknown) {
                        return null;
                    }
                    out.add(r);
                }
                return new Seq(out, joinAll(List.of(), out));
            }
            case "itertools.cycle" -> {
                List<Value> items = a.pos.size() == 1 ? iterate(a.pos.get(0)) : null;
                return items == null || items.isEmpty() ? null : new Cycle(items);
            }
            case "operator.xor" -> {
                return a.pos.size() == 2 ? binary(a.pos.get(0), PythonLexer.CIRCUMFLEX, a.pos.get(1)) : null;
            }
            case "builtins.str.join", "builtins.bytes.join" -> {
                if (a.pos.size() == 2 && a.pos.get(0) instanceof Str sep) {
                    List<Value> items = iterate(a.pos.get(1));
                    return items == null ? null : join(sep, items, a.pos.get(1) instanceof Seq q ? q.transforms() : List.of());
                }
                return null;
            }
            case "builtins.bytes.fromhex", "builtins.bytearray.fromhex" -> {
                return a.pos.size() == 1 && a.pos.get(0) instanceof Str s && !s.bytes()
                        ? decode(s, a.node(0, null), "hex", Codecs::hex) : null;
            }
            case "binascii.unhexlify", "binascii.a2b_hex", "base64.b16decode" -> {
                return decode(a.arg(0, null), a.node(0, null), api.startsWith("base64") ? "base16" : "hex", Codecs::hex);
            }
            case "base64.b64decode", "base64.standard_b64decode", "base64.decodebytes", "base64.decodestring",
                 "binascii.a2b_base64" -> {
                char alt62 = '+';
                char alt63 = '/';
                if (a.arg(1, "altchars") instanceof Str alt && alt.value().length() == 2) {
                    alt62 = alt.value().charAt(0);
                    alt63 = alt.value().charAt(1);
                }
                char p = alt62;
                char q = alt63;
                return decode(a.arg(0, "s"), a.node(0, "s"), "base64", (in, max) -> Codecs.base64(in, p, q, max));
            }
            case "base64.urlsafe_b64decode" -> {
                return decode(a.arg(0, "s"), a.node(0, "s"), "base64", (in, max) -> Codecs.base64(in, '-', '_', max));
            }
            case "base64.b32decode" -> {
                return decode(a.arg(0, "s"), a.node(0, "s"), "base32", Codecs::base32);
            }
            case "base64.b85decode" -> {
                return decode(a.arg(0, "b"), a.node(0, "b"), "base85", Codecs::base85);
            }
            case "base64.a85decode" -> {
                return decode(a.arg(0, "b"), a.node(0, "b"), "ascii85", Codecs::ascii85);
            }
            case "zlib.decompress" -> {
                Value w = a.arg(1, "wbits");
                int wbits = w instanceof Int wi ? (int) Math.max(-64, Math.min(64, wi.value())) : 15;
                return decode(a.arg(0, "data"), a.node(0, "data"), "zlib", (in, max) -> Codecs.zlib(in, wbits, max));
            }
            case "gzip.decompress" -> {
                return decode(a.arg(0, "data"), a.node(0, "data"), "gzip", Codecs::gzip);
            }
            case "lzma.decompress" -> {
                return decode(a.arg(0, "data"), a.node(0, "data"), "lzma", Codecs::lzma);
            }
            case "bz2.decompress" -> {
                return decode(a.arg(0, "data"), a.node(0, "data"), "bz2", Codecs::bz2);
            }
            case "codecs.decode", "codecs.encode" -> {
                return codecs(a, api.endsWith("decode"));
            }
            default -> {
                return null;
            }
        }
    }

    private Value codecs(Evaluator.Args a, boolean decoding) {
        Value obj = a.arg(0, "obj");
        Value e = a.arg(1, "encoding");
        String enc = e == null ? "utf-8" : e instanceof Str es ? es.value() : null;
        if (enc == null || !(obj instanceof Str s)) {
            return null;
        }
        String n = normEncoding(enc);
        switch (n) {
            case "rot13", "rot_13" -> {
                return str(Codecs.rot13(s.value()), s.bytes(), Values.add(s.transforms(), "rot13"));
            }
            case "hex", "hex_codec" -> {
                return decoding ? decode(s, a.node(0, "obj"), "hex", Codecs::hex) : null;
            }
            case "base64", "base_64", "base64_codec" -> {
                return decoding ? decode(s, a.node(0, "obj"), "base64", (in, max) -> Codecs.base64(in, '+', '/', max)) : null;
            }
            case "zlib", "zip", "zlib_codec" -> {
                return decoding ? decode(s, a.node(0, "obj"), "zlib", (in, max) -> Codecs.zlib(in, 15, max)) : null;
            }
            case "bz2", "bz2_codec" -> {
                return decoding ? decode(s, a.node(0, "obj"), "bz2", Codecs::bz2) : null;
            }
            default -> {
                Value err = a.arg(2, "errors");
                String errors = err instanceof Str es ? es.value() : "strict";
                if (decoding) {
                    return s.bytes() || n.equals("unicode_escape") ? decodeText(s.bytes() ? s
                            : new Str(s.value(), true, s.computed(), s.transforms()), enc, errors) : null;
                }
                return s.bytes() ? null : encodeText(s, enc);
            }
        }
    }

    private Value toInt(Evaluator.Args a) {
        Value v = a.arg(0, null);
        if (v instanceof Int i && a.pos.size() == 1) {
            if (i.transforms().contains(FLOAT)) {
                List<String> tr = new ArrayList<>(i.transforms());
                tr.remove(FLOAT);
                return new Int(i.value(), List.copyOf(tr));
            }
            return i;
        }
        if (!(v instanceof Str s)) {
            return null;
        }
        Value b = a.arg(1, "base");
        int base = b == null ? 10 : b instanceof Int bi ? (int) bi.value() : -1;
        String t = s.value().strip().replace("_", "").toLowerCase(Locale.ROOT);
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        if (base == 0) {
            base = t.startsWith("0x") ? 16 : t.startsWith("0o") ? 8 : t.startsWith("0b") ? 2 : 10;
        }
        if ((base == 16 && t.startsWith("0x")) || (base == 8 && t.startsWith("0o")) || (base == 2 && t.startsWith("0b"))) {
            t = t.substring(2);
        }
        if (base < 2 || base > 36 || t.isEmpty() || t.length() > 64) {
            return null;
        }
        try {
            BigInteger r = new BigInteger(t, base);
            if (neg) {
                r = r.negate();
            }
            return r.bitLength() < 63 ? new Int(r.longValue(), s.transforms()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code float(x)} of an integer or of a string spelling a whole number: an {@link Int} marked {@link #FLOAT}, so that
     * {@code str} writes it as Python does ({@code 2.0}) and {@code int} turns it back. Fractions stay unknown.
     */
    private Value toFloat(Evaluator.Args a) {
        Value v = a.arg(0, null);
        if (a.pos.size() != 1 || !a.kw.isEmpty()) {
            return null;
        }
        if (v instanceof Int i) {
            return new Int(i.value(), Values.add(i.transforms(), FLOAT));
        }
        if (v instanceof Str s && !s.bytes() && WHOLE_NUMBER.matcher(s.value().strip()).matches()) {
            String t = s.value().strip();
            int dot = t.indexOf('.');
            return new Int(Long.parseLong(dot < 0 ? t : t.substring(0, dot)), Values.add(s.transforms(), FLOAT));
        }
        return null;
    }

    private Value toBytes(Evaluator.Args a) {
        if (a.pos.isEmpty() && a.kw.isEmpty()) {
            return new Str("", true, true, List.of());
        }
        Value src = a.arg(0, "source");
        Value enc = a.arg(1, "encoding");
        if (src instanceof Str s) {
            if (s.bytes()) {
                return s;
            }
            return enc instanceof Str e ? encodeText(s, e.value()) : null;
        }
        if (src instanceof Int n) {
            return n.value() >= 0 && fits(n.value()) ? str("\u0000".repeat((int) n.value()), true, n.transforms()) : null;
        }
        List<Value> items = iterate(src);
        if (items == null || !fits(items.size())) {
            return null;
        }
        StringBuilder sb = new StringBuilder(items.size());
        List<String> tr = src instanceof Seq q ? q.transforms() : List.of();
        for (Value v : items) {
            if (!(v instanceof Int i) || i.value() < 0 || i.value() > 255) {
                return null;
            }
            sb.append((char) i.value());
            tr = Values.join(tr, i.transforms());
        }
        return str(sb.toString(), true, Values.add(tr, "bytes"));
    }

    private Value range(Evaluator.Args a) {
        long start = 0;
        long stop;
        long step = 1;
        for (Value v : a.pos) {
            if (!(v instanceof Int)) {
                return null;
            }
        }
        switch (a.pos.size()) {
            case 1 -> stop = ((Int) a.pos.get(0)).value();
            case 2, 3 -> {
                start = ((Int) a.pos.get(0)).value();
                stop = ((Int) a.pos.get(1)).value();
                if (a.pos.size() == 3) {
                    step = ((Int) a.pos.get(2)).value();
                }
            }
            default -> {
                return null;
            }
        }
        if (step == 0) {
            return null;
        }
        long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (!fits(count) || !run.charge(count)) {
            return null;
        }
        List<Value> out = new ArrayList<>((int) count);
        for (long i = 0, v = start; i < count; i++, v += step) {
            out.add(Int.of(v));
        }
        return new Seq(out, List.of());
    }

    private Value zip(Evaluator.Args a) {
        if (a.pos.isEmpty() || !a.kw.isEmpty()) {
            return null;
        }
        List<List<Value>> lists = new ArrayList<>();
        long n = Long.MAX_VALUE;
        for (Value v : a.pos) {
            if (v instanceof Cycle c) {
                lists.add(c.items());
                continue;
            }
            List<Value> items = iterate(v);
            if (items == null) {
                return null;
            }
            lists.add(items);
            n = Math.min(n, items.size());
        }
        if (n == Long.MAX_VALUE || !fits(n) || !run.charge(n)) {
            return null;
        }
        List<Value> out = new ArrayList<>((int) n);
        List<String> tr = List.of();
        for (int i = 0; i < n; i++) {
            List<Value> tuple = new ArrayList<>(lists.size());
            List<String> ttr = List.of();
            for (int k = 0; k < lists.size(); k++) {
                List<Value> l = lists.get(k);
                Value item = a.pos.get(k) instanceof Cycle ? l.get(i % l.size()) : l.get(i);
                tuple.add(item);
                ttr = Values.join(ttr, Values.transforms(item));
            }
            tr = Values.join(tr, ttr);
            out.add(new Seq(tuple, ttr));
        }
        return new Seq(out, tr);
    }
}
