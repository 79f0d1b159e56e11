package dev.fang.ingest.pypi;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Just enough XML-RPC for PyPI: scalar parameters out; ints, strings, booleans, doubles, nil, arrays and structs
 * back. Values come back as Long, String, Boolean, Double, null, List and Map.
 */
final class XmlRpcClient {
    private static final String CONTENT_TYPE = "text/xml";

    private final URI endpoint;
    private final PyPiHttp http;

    XmlRpcClient(URI endpoint, PyPiHttp http) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
    }

    URI endpoint() {
        return endpoint;
    }

    /** Calls {@code method}; {@link XmlRpcFaultException} on a fault, {@link PyPiException} on anything else. */
    Object call(String method, Object... params) {
        byte[] answer = http.post(endpoint, CONTENT_TYPE, request(method, params).getBytes(StandardCharsets.UTF_8));
        return parseResponse(method, answer, endpoint + " (" + method + ")");
    }

    static String request(String method, Object... params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall>\n<methodName>")
                .append(escape(method)).append("</methodName>\n<params>\n");
        for (Object p : params) {
            sb.append("<param>\n<value>");
            if (p instanceof Integer || p instanceof Long) {
                long v = ((Number) p).longValue();
                boolean fitsInt = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                sb.append(fitsInt ? "<int>" : "<i8>").append(v).append(fitsInt ? "</int>" : "</i8>");
            } else if (p instanceof Boolean b) {
                sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
            } else if (p instanceof String s) {
                sb.append("<string>").append(escape(s)).append("</string>");
            } else {
                throw new IllegalArgumentException("unsupported XML-RPC parameter: " + p);
            }
            sb.append("</value>\n</param>\n");
        }
        return sb.append("</params>\n</methodCall>\n").toString();
    }

    static Object parseResponse(String method, byte[] body, String what) {
        Document doc = SafeXml.parse(body, what);
        Element root = doc.getDocumentElement();
        if (!"methodResponse".equals(root.getTagName())) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": root is <" + root.getTagName() + ">");
        }
        Element fault = SafeXml.child(root, "fault");
        if (fault != null) {
            Object v = value(SafeXml.child(fault, "value"), what);
            int code = 0;
            String text = String.valueOf(v);
            if (v instanceof Map<?, ?> m) {
                Object c = m.get("faultCode");
                code = c instanceof Long l ? (int) (long) l : 0;
                text = String.valueOf(m.get("faultString"));
            }
            throw new XmlRpcFaultException(method, code, text);
        }
        Element params = SafeXml.child(root, "params");
        Element param = params == null ? null : SafeXml.child(params, "param");
        if (param == null) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": no <params><param>");
        }
        return value(SafeXml.child(param, "value"), what);
    }

    private static Object value(Element value, String what) {
        if (value == null || !"value".equals(value.getTagName())) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": <value> expected");
        }
        List<Element> kids = SafeXml.children(value);
        if (kids.isEmpty()) {
            return value.getTextContent(); // untyped value = string
        }
        if (kids.size() > 1) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": <value> with several children");
        }
        Element typed = kids.get(0);
        String text = typed.getTextContent();
        try {
            switch (typed.getTagName()) {
                case "int":
                case "i4":
                case "i8":
                    return Long.parseLong(text.trim());
                case "string":
                case "dateTime.iso8601":
                case "base64":
                    return text;
                case "boolean":
                    return switch (text.trim()) {
                        case "1" -> Boolean.TRUE;
                        case "0" -> Boolean.FALSE;
                        default -> throw new PyPiException("malformed XML-RPC answer from " + what + ": boolean " + text);
                    };
                case "double":
                    return Double.parseDouble(text.trim());
                case "nil":
                    return null;
                case "array": {
                    Element data = SafeXml.child(typed, "data");
                    List<Object> out = new ArrayList<>();
                    if (data != null) {
                        for (Element v : SafeXml.children(data, "value")) {
                            out.add(value(v, what));
                        }
                    }
                    return out;
                }
                case "struct": {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Element member : SafeXml.children(typed, "member")) {
                        String name = SafeXml.childText(member, "name");
                        if (name == null) {
                            throw new PyPiException("malformed XML-RPC answer from " + what + ": struct member without name");
                        }
                        out.put(name, value(SafeXml.child(member, "value"), what));
                    }
                    return out;
                }
                default:
                    throw new PyPiException("malformed XML-RPC answer from " + what + ": unknown type <" + typed.getTagName() + ">");
            }
        } catch (NumberFormatException e) {
            throw new PyPiException("malformed XML-RPC answer from " + what + ": bad number '" + text.trim() + "'", e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
