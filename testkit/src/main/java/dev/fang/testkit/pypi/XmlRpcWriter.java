package dev.fang.testkit.pypi;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The XML-RPC wire format as Python's {@code xmlrpc.client} (and so PyPI) writes it. */
final class XmlRpcWriter {
    private XmlRpcWriter() {
    }

    record Call(String method, List<String> params) {
    }

    static String response(String valueXml) {
        return "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n" + valueXml + "</param>\n</params>\n"
                + "</methodResponse>\n";
    }

    static String fault(int code, String message) {
        return "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
                + "<member>\n<name>faultCode</name>\n<value><int>" + code + "</int></value>\n</member>\n"
                + "<member>\n<name>faultString</name>\n<value><string>" + escape(message) + "</string></value>\n</member>\n"
                + "</struct></value>\n</fault>\n</methodResponse>\n";
    }

    static String intValue(long v) {
        return "<value><int>" + v + "</int></value>\n";
    }

    static String changelog(List<LocalPackageIndex.ChangelogRow> rows) {
        StringBuilder sb = new StringBuilder("<value><array><data>\n");
        for (LocalPackageIndex.ChangelogRow row : rows) {
            sb.append("<value><array><data>\n")
                    .append("<value><string>").append(escape(row.name())).append("</string></value>\n")
                    .append(row.version() == null ? "<value><nil/></value>\n"
                            : "<value><string>" + escape(row.version()) + "</string></value>\n")
                    .append("<value><int>").append(row.timestamp()).append("</int></value>\n")
                    .append("<value><string>").append(escape(row.action())).append("</string></value>\n")
                    .append("<value><int>").append(row.serial()).append("</int></value>\n")
                    .append("</data></array></value>\n");
        }
        return sb.append("</data></array></value>\n").toString();
    }

    /** Parses a method call whose parameters are scalars; each parameter is returned as its text. */
    static Call parseCall(byte[] body) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"methodCall".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a methodCall");
        }
        NodeList names = root.getElementsByTagName("methodName");
        if (names.getLength() != 1) {
            throw new IllegalArgumentException("methodName missing");
        }
        String method = names.item(0).getTextContent().trim();
        List<String> params = new ArrayList<>();
        NodeList paramNodes = root.getElementsByTagName("param");
        for (int i = 0; i < paramNodes.getLength(); i++) {
            Element value = firstChild((Element) paramNodes.item(i), "value");
            if (value == null) {
                throw new IllegalArgumentException("param without value");
            }
            params.add(value.getTextContent().trim());
        }
        return new Call(method, params);
    }

    private static Element firstChild(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
