package dev.fang.ingest.pypi;

/** The XML-RPC server answered with a {@code <fault>} instead of a result. */
public class XmlRpcFaultException extends PyPiException {
    private static final long serialVersionUID = 1L;

    private final int faultCode;
    private final String faultString;

    public XmlRpcFaultException(String method, int faultCode, String faultString) {
        super("XML-RPC " + method + " failed with fault " + faultCode + ": " + faultString);
        this.faultCode = faultCode;
        this.faultString = faultString;
    }

    public int faultCode() {
        return faultCode;
    }

    public String faultString() {
        return faultString;
    }
}
