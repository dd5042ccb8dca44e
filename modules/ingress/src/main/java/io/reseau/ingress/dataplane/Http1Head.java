package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One HTTP/1.x message head, request or response, scanned (RFC 9112): where the start line's parts and
 * each field's name and value lie, and what the framing fields say (Content-Length, Transfer-Encoding,
 * Connection, Host). The head's bytes are copied from the buffer into an array of the scanner's own, a block at a
 * time (a memory copy), and scanned and checked there: byte by byte on an array is several times cheaper than
 * through a {@code ByteBuf}'s bounds and reference-count checks. Nothing is decoded; reading a part as text is the
 * caller's choice, so a proxy can route on a few fields and pass the rest on as the bytes received. A head may
 * arrive in pieces: {@link #scan} resumes at the first line not yet complete. An instance serves one head at a
 * time, {@link #reset} between them.
 *
 * <p>Refused, each with the status to answer: a line not ending in CRLF, obsolete line folding, a field name with
 * a character outside {@code tchar} (whitespace before the colon included), a control character in a value, a
 * start line that is not {@code method SP target SP HTTP/1.x} (requests) or {@code HTTP/1.x SP 3DIGIT [SP
 * reason]} (responses), a Content-Length that is not a number or differs from another, and heads or start lines
 * over their limits ({@code 431}, {@code 414}). Which framing a proxy accepts (Transfer-Encoding with
 * Content-Length, for one) is left to its caller, which sees both.
 */
final class Http1Head {

    /** A head that cannot be accepted, with the status that answers it. */
    static final class Malformed extends Exception {
        private final int status;

        Malformed(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** What {@link #scan} answers while the head's end has not arrived. */
    static final int INCOMPLETE = -1;

    /** Room for fields at first; more grows the arrays. */
    private static final int FIELDS = 8;

    /** The bytes copied at least at a time from the buffer into the scanner's array: most heads are shorter. */
    private static final int COPY_STEP = 512;

    /** The methods told from their bytes without making a String (methods are case-sensitive, RFC 9110 9.1). */
    private static final HttpMethod[] KNOWN_METHODS = {HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD,
        HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT};

    private static final HttpHeadersFactory DECODED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /** RFC 9110 5.6.2 {@code tchar}, the characters of a token (method, field name). */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private final boolean request;
    /** A chunked body's trailer section: field lines and the empty line, no start line. */
    private final boolean trailerSection;
    /**
     * Whether field lines whose name holds an underscore are kept; if not, they are checked and skipped, as if the
     * client had not sent them (nginx's {@code underscores_in_headers off}).
     */
    private final boolean underscores;
    /** The fields skipped: a response's Server field (nginx does not pass a backend's on) and {@code hide-headers}. */
    private final HiddenFields hidden;
    private int maxLine;
    private int maxFields;
    /** Where the field section starts, once the start line is read. */
    private int fieldsStart;

    /**
     * The head's bytes copied so far; every position kept is an index into it. Sized to the first copy (most heads
     * arrive whole), grown when more comes.
     */
    private byte[] head = new byte[0];
    /** How many bytes from the head's start are copied into {@link #head}; lines end before, or are incomplete. */
    private int copied;
    /** Where the line not yet complete starts, counted from the head's first byte. */
    private int lineOffset;
    private boolean startLineDone;
    /** The head's length once complete, else {@link #INCOMPLETE}. */
    private int end;

    // Start line: a request's method and target; a response's version and status (its reason follows the status).
    private int part1Start;
    private int part1End;
    private int part2Start;
    private int part2End;
    private int minorVersion;
    private int status;

    private int fields;
    private int[] nameStart = new int[FIELDS];
    private int[] nameEnd = new int[FIELDS];
    private int[] valueStart = new int[FIELDS];
    private int[] valueEnd = new int[FIELDS];

    private long contentLength;
    private int transferEncodings;
    private boolean chunked;
    private boolean close;
    private boolean keepAlive;
    private boolean upgrade;
    /** Whether a Connection field names something besides close, keep-alive and upgrade (a hop-by-hop field). */
    private boolean connectionNamesFields;
    private int host;

    private Http1Head(boolean request, boolean trailerSection, boolean underscores, HiddenFields hidden,
            int maxLine, int maxFields) {
        this.request = request;
        this.trailerSection = trailerSection;
        this.underscores = underscores;
        this.hidden = hidden;
        this.maxLine = maxLine;
        this.maxFields = maxFields;
        reset();
    }

    /**
     * A request head scanner: the request line up to {@code maxLine} bytes ({@code 414} beyond), each field line
     * too and the field section up to {@code maxFields} ({@code 431} beyond); fields whose name holds an
     * underscore skipped unless {@code underscores}.
     */
    static Http1Head request(int maxLine, int maxFields, boolean underscores) {
        return new Http1Head(true, false, underscores, HiddenFields.NONE, maxLine, maxFields);
    }

    /**
     * A response head scanner: the status line and the field section up to {@code maxHead} bytes each; the
     * {@code hidden} fields skipped.
     */
    static Http1Head response(int maxHead, HiddenFields hidden) {
        return new Http1Head(false, false, true, hidden, maxHead, maxHead);
    }

    /** A response head scanner's limit from the next head on: its status line and its field section each. */
    void limit(int maxHead) {
        maxLine = maxHead;
        maxFields = maxHead;
    }

    /** A scanner of a response's trailer section (after a chunked body's last chunk), up to {@code maxHead}. */
    static Http1Head trailers(int maxHead) {
        return new Http1Head(false, true, true, HiddenFields.NONE, maxHead, maxHead);
    }

    /** Forgets the head scanned, ready for the next one. */
    void reset() {
        copied = 0;
        lineOffset = 0;
        fieldsStart = 0;
        startLineDone = trailerSection;
        end = INCOMPLETE;
        fields = 0;
        contentLength = -1;
        transferEncodings = 0;
        chunked = false;
        close = false;
        keepAlive = false;
        upgrade = false;
        connectionNamesFields = false;
        host = -1;
    }

    /** The head's length, its final CRLF included, once {@link #scan} found its end; else {@link #INCOMPLETE}. */
    int length() {
        return end;
    }

    /**
     * Scans the head starting at {@code in}'s reader index, from where the previous call on the same head stopped
     * (the bytes before stay where they were, unread). Answers the head's length, its final CRLF included, or
     * {@link #INCOMPLETE}. Reads nothing from {@code in}.
     */
    int scan(ByteBuf in) throws Malformed {
        if (end != INCOMPLETE) {
            return end;
        }
        // Past the limit plus CRLF nothing is copied: the limit check refuses the head anyway.
        int available = Math.min(in.readableBytes(), maxLine + maxFields + 2);
        while (true) {
            int line = lineOffset;
            int lineFeed = indexOf(line, copied, (byte) '\n');
            while (lineFeed < 0 && copied < available) {
                int from = copied;
                copyMore(in, available);
                lineFeed = indexOf(from, copied, (byte) '\n');
            }
            if (startLineDone && line < copied && isWhitespace(head[line])) {
                throw new Malformed(400, "obsolete line folding (a field line starting with whitespace)");
            }
            if (lineFeed < 0) {
                checkLimits(in.readableBytes());
                return INCOMPLETE;
            }
            checkLimits(lineFeed - 1);
            if (lineFeed == line || head[lineFeed - 1] != '\r') {
                throw new Malformed(400, "lines must end with CRLF");
            }
            int lineEnd = lineFeed - 1;
            if (!startLineDone) {
                if (request) {
                    requestLine(line, lineEnd);
                } else {
                    statusLine(line, lineEnd);
                }
                startLineDone = true;
                fieldsStart = lineFeed + 1;
            } else if (lineEnd == line) {
                end = lineFeed + 1;
                return end;
            } else {
                field(line, lineEnd);
            }
            lineOffset = lineFeed + 1;
        }
    }

    /**
     * Copies the next bytes of the head from {@code in} (at least {@link #COPY_STEP}, at most up to
     * {@code available}): one copy usually takes a whole head, and bytes after it are few.
     */
    private void copyMore(ByteBuf in, int available) {
        int until = Math.min(available, Math.max(copied * 2, copied + COPY_STEP));
        if (until > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, until));
        }
        in.getBytes(in.readerIndex() + copied, head, copied, until - copied);
        copied = until;
    }

    /** Checks the head's length so far, {@code reached} bytes from its start. */
    private void checkLimits(int reached) throws Malformed {
        if (!startLineDone && reached > maxLine) {
            throw request ? new Malformed(414, "request line too long") : new Malformed(502, "status line too long");
        }
        if (startLineDone && reached - fieldsStart > maxFields) {
            throw new Malformed(request ? 431 : 502, "header fields too large");
        }
        if (startLineDone && reached - lineOffset > maxLine) {
            // A field line longer than one of large-client-header-buffers' buffers, as nginx refuses it (a response
            // head's limits are one size: its section's check comes first).
            throw new Malformed(request ? 431 : 502, "a header field line too large");
        }
    }

    private void requestLine(int from, int to) throws Malformed {
        int space1 = indexOf(from, to, (byte) ' ');
        int space2 = space1 < 0 ? -1 : indexOf(space1 + 1, to, (byte) ' ');
        if (space1 <= from || space2 <= space1 + 1) {
            throw new Malformed(400, "the request line is not: method SP target SP version");
        }
        for (int i = from; i < space1; i++) {
            if (!TCHAR[head[i] & 0xff]) {
                throw new Malformed(400, "the method is not a token");
            }
        }
        for (int i = space1 + 1; i < space2; i++) {
            byte b = head[i];
            if (b <= ' ' || b == 0x7f) {
                throw new Malformed(400, "the request target holds whitespace or a control character");
            }
        }
        minorVersion = version(space2 + 1, to, 505);
        startLine(from, space1, space1 + 1, space2);
    }

    private void statusLine(int from, int to) throws Malformed {
        int space = indexOf(from, to, (byte) ' ');
        if (space < 0) {
            throw new Malformed(502, "the status line is not: version SP status [SP reason]");
        }
        minorVersion = version(from, space, 502);
        int codeEnd = space + 4;
        if (codeEnd > to || (codeEnd < to && head[codeEnd] != ' ')) {
            throw new Malformed(502, "the status is not three digits");
        }
        int code = 0;
        for (int i = space + 1; i < codeEnd; i++) {
            int digit = head[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new Malformed(502, "the status is not three digits");
            }
            code = code * 10 + digit;
        }
        if (code < 100) {
            throw new Malformed(502, "the status is below 100");
        }
        for (int i = codeEnd; i < to; i++) {
            byte b = head[i];
            if ((b < ' ' && b != '\t') || b == 0x7f) {
                throw new Malformed(502, "a control character in the reason phrase");
            }
        }
        status = code;
        startLine(from, space, space + 1, codeEnd);
    }

    /** Records the start line's first two parts (where a response's status ends, its reason starts). */
    private void startLine(int from1, int to1, int from2, int to2) {
        part1Start = from1;
        part1End = to1;
        part2Start = from2;
        part2End = to2;
    }

    /**
     * The minor version of {@code HTTP/1.x}. Something else shaped as {@code HTTP/d.d} is refused with
     * {@code unsupported}; what is not a version at all is a malformed start line.
     */
    private int version(int from, int to, int unsupported) throws Malformed {
        boolean shaped = to - from == 8 && head[from] == 'H' && head[from + 1] == 'T'
                && head[from + 2] == 'T' && head[from + 3] == 'P' && head[from + 4] == '/'
                && isDigit(head[from + 5]) && head[from + 6] == '.' && isDigit(head[from + 7]);
        if (!shaped) {
            throw new Malformed(request ? 400 : 502, "the start line has no HTTP version where it should");
        }
        if (head[from + 5] != '1' || head[from + 7] > '1') {
            throw new Malformed(unsupported, "the version is not HTTP/1.0 or HTTP/1.1");
        }
        return head[from + 7] - '0';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void field(int from, int to) throws Malformed {
        int colon = from;
        boolean underscore = false;
        while (colon < to && head[colon] != ':') {
            if (!TCHAR[head[colon] & 0xff]) {
                throw new Malformed(request ? 400 : 502, "a field name holds a character outside a token");
            }
            underscore |= head[colon] == '_';
            colon++;
        }
        if (colon == from || colon == to) {
            throw new Malformed(request ? 400 : 502, "a field line without name or colon");
        }
        int value = trimStart(colon + 1, to);
        int valueTo = trimEnd(value, to);
        for (int i = value; i < valueTo; i++) {
            byte b = head[i];
            if ((b < ' ' && b != '\t') || b == 0x7f) {
                throw new Malformed(request ? 400 : 502, "a control character in a field value");
            }
        }
        if ((underscore && !underscores)
                || hidden.hides(head, from, colon)) {
            return;
        }
        if (fields == nameStart.length) {
            grow();
        }
        nameStart[fields] = from;
        nameEnd[fields] = colon;
        valueStart[fields] = value;
        valueEnd[fields] = valueTo;
        framing(fields);
        fields++;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    private void grow() {
        int size = fields * 2;
        nameStart = Arrays.copyOf(nameStart, size);
        nameEnd = Arrays.copyOf(nameEnd, size);
        valueStart = Arrays.copyOf(valueStart, size);
        valueEnd = Arrays.copyOf(valueEnd, size);
    }

    /** Takes note of what a framing field says: four names, told apart by length first. */
    private void framing(int field) throws Malformed {
        switch (nameEnd[field] - nameStart[field]) {
            case 4 -> {
                if (nameIs(field, HttpHeaderNames.HOST)) {
                    host = field;
                }
            }
            case 10 -> {
                if (nameIs(field, HttpHeaderNames.CONNECTION)) {
                    connectionTokens(field);
                }
            }
            case 14 -> {
                if (nameIs(field, HttpHeaderNames.CONTENT_LENGTH)) {
                    contentLength(field);
                }
            }
            case 17 -> {
                if (nameIs(field, HttpHeaderNames.TRANSFER_ENCODING)) {
                    transferEncodings++;
                    chunked = lastTokenIs(field, HttpHeaderValues.CHUNKED);
                }
            }
            default -> {
            }
        }
    }

    private void contentLength(int field) throws Malformed {
        int from = valueStart[field];
        int to = valueEnd[field];
        if (from == to || to - from > 18) {
            throw new Malformed(request ? 400 : 502, "Content-Length is not a number");
        }
        long length = 0;
        for (int i = from; i < to; i++) {
            int digit = head[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new Malformed(request ? 400 : 502, "Content-Length is not a number");
            }
            length = length * 10 + digit;
        }
        if (contentLength >= 0 && contentLength != length) {
            throw new Malformed(request ? 400 : 502, "two different Content-Lengths");
        }
        contentLength = length;
    }

    /**
     * Takes note of a Connection field's tokens. The tokens of a comma-separated value are walked by the loops that
     * need them, not through a visitor: a lambda capturing the head was allocated for every Connection field (each
     * backend response has one), 4 % of the data plane's user time in a profile of small HTTP/1.1 requests.
     */
    private void connectionTokens(int field) {
        int from = valueStart[field];
        int to = valueEnd[field];
        while (from < to) {
            int end = tokenEnd(from, to);
            int a = trimStart(from, end);
            int b = trimEnd(a, end);
            boolean isClose = regionIs(a, b, HttpHeaderValues.CLOSE);
            boolean isKeepAlive = regionIs(a, b, HttpHeaderValues.KEEP_ALIVE);
            boolean isUpgrade = regionIs(a, b, HttpHeaderValues.UPGRADE);
            close |= isClose;
            keepAlive |= isKeepAlive;
            upgrade |= isUpgrade;
            connectionNamesFields |= a < b && !isClose && !isKeepAlive && !isUpgrade;
            from = end + 1;
        }
    }

    /** Where the token starting at {@code from} ends: at its comma, or at {@code to}. */
    private int tokenEnd(int from, int to) {
        int comma = indexOf(from, to, (byte) ',');
        return comma < 0 ? to : comma;
    }

    /** Where the bytes from {@code from} to {@code to} start once leading whitespace is left out. */
    private int trimStart(int from, int to) {
        while (from < to && isWhitespace(head[from])) {
            from++;
        }
        return from;
    }

    /** Where the bytes from {@code from} to {@code to} end once trailing whitespace is left out. */
    private int trimEnd(int from, int to) {
        while (to > from && isWhitespace(head[to - 1])) {
            to--;
        }
        return to;
    }

    private boolean lastTokenIs(int field, AsciiString token) {
        int from = valueStart[field];
        int to = valueEnd[field];
        for (int i = to - 1; i >= from; i--) {
            if (head[i] == ',') {
                from = i + 1;
                break;
            }
        }
        return regionIs(trimStart(from, to), to, token);
    }

    /** The fields {@code include} accepts, decoded into Netty's headers (not validated again: the scan checked them). */
    HttpHeaders decode(IntPredicate include) {
        HttpHeaders decoded = DECODED.newHeaders();
        for (int i = 0; i < fields; i++) {
            if (include.test(i)) {
                decoded.add(nameBytes(i), valueBytes(i));
            }
        }
        return decoded;
    }

    /** Whether the bytes {@code [from, to)} are {@code lowercase}, ignoring ASCII case. */
    private boolean regionIs(int from, int to, AsciiString lowercase) {
        return equalsLowercase(head, from, to, lowercase);
    }

    /**
     * Whether {@code bytes} from {@code from} to {@code to} are {@code lowercase}, their ASCII letters in any case
     * (and nothing else folded: an underscore is not a DEL, nor a caret a tilde).
     */
    static boolean equalsLowercase(byte[] bytes, int from, int to, AsciiString lowercase) {
        // The name's own array, not AsciiString.byteAt: that goes through Unsafe, whose every access is checked.
        int length = lowercase.length();
        if (to - from != length) {
            return false;
        }
        byte[] expected = lowercase.array();
        int offset = lowercase.arrayOffset();
        for (int i = 0; i < length; i++) {
            byte b = bytes[from + i];
            if ((b >= 'A' && b <= 'Z' ? b | 0x20 : b) != expected[offset + i]) {
                return false;
            }
        }
        return true;
    }

    // ---- what was scanned ---------------------------------------------------------------------------------------

    int fieldCount() {
        return fields;
    }

    /** Whether field {@code i} is named {@code lowercase}, ignoring case. */
    boolean nameIs(int i, AsciiString lowercase) {
        return regionIs(nameStart[i], nameEnd[i], lowercase);
    }

    /** Whether field {@code i} is named one of {@code lowercase}, ignoring case. */
    boolean nameIsOneOf(int i, List<AsciiString> lowercase) {
        // By index: an iterator would be an object per field of every request.
        for (int k = 0; k < lowercase.size(); k++) {
            if (nameIs(i, lowercase.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** Field {@code i}'s name as a copy of its bytes, which Netty's headers hash and encode without decoding. */
    AsciiString nameBytes(int i) {
        return bytes(nameStart[i], nameEnd[i]);
    }

    /**
     * Field {@code i}'s name lower-cased, as HTTP/2 writes names: a common name's constant ({@link CommonFieldNames}),
     * else a lower-cased copy of its bytes.
     */
    AsciiString lowercaseNameBytes(int i) {
        int from = nameStart[i];
        AsciiString common = CommonFieldNames.find(head, from, nameEnd[i]);
        if (common != null) {
            return common;
        }
        byte[] lowercase = new byte[nameEnd[i] - from];
        for (int k = 0; k < lowercase.length; k++) {
            byte b = head[from + k];
            lowercase[k] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        return new AsciiString(lowercase, false);
    }

    /** Field {@code i}'s value as a copy of its bytes, without the whitespace around it. */
    AsciiString valueBytes(int i) {
        return bytes(valueStart[i], valueEnd[i]);
    }

    private AsciiString bytes(int from, int to) {
        return new AsciiString(head, from, to - from, true);
    }

    /** Field {@code i}'s value without the whitespace around it, bytes as ISO-8859-1. */
    String value(int i) {
        return text(valueStart[i], valueEnd[i]);
    }

    /** Whether a Connection field of the head names field {@code i}, which makes it hop-by-hop (RFC 9110 7.6.1). */
    boolean namedByConnection(int i) {
        if (!connectionNamesFields) {
            return false;
        }
        int name = nameStart[i];
        int length = nameEnd[i] - name;
        for (int c = 0; c < fields; c++) {
            if (nameIs(c, HttpHeaderNames.CONNECTION) && hasToken(c, name, length)) {
                return true;
            }
        }
        return false;
    }

    /** Whether field {@code field}'s value has a token equal, ignoring case, to the bytes at {@code name}. */
    private boolean hasToken(int field, int name, int length) {
        int from = valueStart[field];
        int to = valueEnd[field];
        while (from < to) {
            int end = tokenEnd(from, to);
            int a = trimStart(from, end);
            if (trimEnd(a, end) - a == length && equalsIgnoringCase(a, name, length)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    private boolean equalsIgnoringCase(int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if ((head[a + k] | 0x20) != (head[b + k] | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes field {@code i}'s line as received, its CRLF included. The line ends at the first LF after the value
     * (trimmed whitespace lies between), not where the next field starts: a skipped field line may lie between.
     */
    void writeFieldLine(ByteBuf out, int i) {
        int to = indexOf(valueEnd[i], end, (byte) '\n') + 1;
        out.writeBytes(head, nameStart[i], to - nameStart[i]);
    }

    /** Writes a response's status line from its status code on (code, reason, CRLF), without the version. */
    void writeStatusLineAfterVersion(ByteBuf out) {
        out.writeBytes(head, part2Start, fieldsStart - part2Start);
    }

    /** A request's method: Netty's own instance for the usual ones, read without making a String. */
    HttpMethod method() {
        int length = part1End - part1Start;
        for (HttpMethod known : KNOWN_METHODS) {
            AsciiString name = known.asciiName();
            int offset = name.arrayOffset();
            if (name.length() == length
                    && Arrays.equals(head, part1Start, part1End, name.array(), offset, offset + length)) {
                return known;
            }
        }
        return HttpMethod.valueOf(text(part1Start, part1End));
    }

    /** A request's target as sent. */
    String target() {
        return text(part2Start, part2End);
    }

    /** A response's status code. */
    int status() {
        return status;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    int minorVersion() {
        return minorVersion;
    }

    /** The Content-Length, or -1 without one. */
    long contentLength() {
        return contentLength;
    }

    /** How many Transfer-Encoding fields the head has. */
    int transferEncodings() {
        return transferEncodings;
    }

    /** Whether the last Transfer-Encoding field ends with {@code chunked}. */
    boolean chunked() {
        return chunked;
    }

    /** Whether the connection stays open after this message: Connection and the version say so (RFC 9112 9.3). */
    boolean persistent() {
        return !close && (minorVersion == 1 || keepAlive);
    }

    /** Whether Connection names {@code upgrade}. */
    boolean connectionUpgrade() {
        return upgrade;
    }

    /** The (last) Host field's value, or null without one. */
    String host() {
        return host < 0 ? null : value(host);
    }

    private String text(int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int indexOf(int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (head[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
