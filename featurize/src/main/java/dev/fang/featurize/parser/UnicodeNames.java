package dev.fang.featurize.parser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The code point a {@code \N{name}} escape names, as CPython resolves it: the character's Unicode name (any case),
 * the names Unicode gives by rule ({@code CJK UNIFIED IDEOGRAPH-4E00}, {@code HANGUL SYLLABLE GAG}, upper case only),
 * or one of its name aliases for control and format characters ({@code LINE FEED}, {@code LF}, {@code BYTE ORDER
 * MARK}, {@code ZWSP}, {@code VS17}, ...). Java's own lookup also accepts names CPython refuses (Unicode 1.0 names of
 * controls such as {@code LINE FEED (LF)}, and block-and-number names of characters without one): those name nothing.
 */
final class UnicodeNames {

    /** Aliases of control and format characters that are not a character's name (checked against CPython 3.11). */
    private static final String ALIASES =
            "NULL=0;START OF HEADING=1;START OF TEXT=2;END OF TEXT=3;END OF TRANSMISSION=4;ENQUIRY=5;"
            + "ACKNOWLEDGE=6;ALERT=7;BACKSPACE=8;CHARACTER TABULATION=9;HORIZONTAL TABULATION=9;LINE FEED=A;"
            + "NEW LINE=A;END OF LINE=A;LINE TABULATION=B;VERTICAL TABULATION=B;FORM FEED=C;CARRIAGE RETURN=D;"
            + "SHIFT OUT=E;LOCKING-SHIFT ONE=E;SHIFT IN=F;LOCKING-SHIFT ZERO=F;DATA LINK ESCAPE=10;"
            + "DEVICE CONTROL ONE=11;DEVICE CONTROL TWO=12;DEVICE CONTROL THREE=13;DEVICE CONTROL FOUR=14;"
            + "NEGATIVE ACKNOWLEDGE=15;SYNCHRONOUS IDLE=16;END OF TRANSMISSION BLOCK=17;CANCEL=18;END OF MEDIUM=19;"
            + "SUBSTITUTE=1A;ESCAPE=1B;INFORMATION SEPARATOR FOUR=1C;INFORMATION SEPARATOR THREE=1D;"
            + "INFORMATION SEPARATOR TWO=1E;INFORMATION SEPARATOR ONE=1F;FILE SEPARATOR=1C;GROUP SEPARATOR=1D;"
            + "RECORD SEPARATOR=1E;UNIT SEPARATOR=1F;DELETE=7F;PADDING CHARACTER=80;HIGH OCTET PRESET=81;"
            + "BREAK PERMITTED HERE=82;NO BREAK HERE=83;INDEX=84;NEXT LINE=85;START OF SELECTED AREA=86;"
            + "END OF SELECTED AREA=87;CHARACTER TABULATION SET=88;CHARACTER TABULATION WITH JUSTIFICATION=89;"
            + "LINE TABULATION SET=8A;PARTIAL LINE FORWARD=8B;PARTIAL LINE DOWN=8B;PARTIAL LINE BACKWARD=8C;"
            + "PARTIAL LINE UP=8C;REVERSE LINE FEED=8D;REVERSE INDEX=8D;SINGLE SHIFT TWO=8E;SINGLE-SHIFT-2=8E;"
            + "SINGLE SHIFT THREE=8F;SINGLE-SHIFT-3=8F;DEVICE CONTROL STRING=90;PRIVATE USE ONE=91;"
            + "PRIVATE USE-1=91;PRIVATE USE TWO=92;PRIVATE USE-2=92;SET TRANSMIT STATE=93;CANCEL CHARACTER=94;"
            + "MESSAGE WAITING=95;START OF GUARDED AREA=96;START OF PROTECTED AREA=96;END OF GUARDED AREA=97;"
            + "END OF PROTECTED AREA=97;START OF STRING=98;SINGLE GRAPHIC CHARACTER INTRODUCER=99;"
            + "SINGLE CHARACTER INTRODUCER=9A;CONTROL SEQUENCE INTRODUCER=9B;STRING TERMINATOR=9C;"
            + "OPERATING SYSTEM COMMAND=9D;PRIVACY MESSAGE=9E;APPLICATION PROGRAM COMMAND=9F;BYTE ORDER MARK=FEFF;"
            + "NUL=0;SOH=1;STX=2;ETX=3;EOT=4;ENQ=5;ACK=6;BEL=7;BS=8;HT=9;TAB=9;LF=A;NL=A;EOL=A;VT=B;FF=C;CR=D;SO=E;"
            + "SI=F;DLE=10;DC1=11;DC2=12;DC3=13;DC4=14;NAK=15;SYN=16;ETB=17;CAN=18;EOM=19;SUB=1A;ESC=1B;FS=1C;"
            + "GS=1D;RS=1E;US=1F;SP=20;DEL=7F;PAD=80;HOP=81;BPH=82;NBH=83;IND=84;NEL=85;SSA=86;ESA=87;HTS=88;"
            + "HTJ=89;VTS=8A;PLD=8B;PLU=8C;RI=8D;SS2=8E;SS3=8F;DCS=90;PU1=91;PU2=92;STS=93;CCH=94;MW=95;SPA=96;"
            + "EPA=97;SOS=98;SGC=99;SCI=9A;CSI=9B;ST=9C;OSC=9D;PM=9E;APC=9F;NBSP=A0;SHY=AD;CGJ=34F;ALM=61C;"
            + "MVS=180E;FVS1=180B;FVS2=180C;FVS3=180D;FVS4=180F;ZWSP=200B;ZWNJ=200C;ZWJ=200D;LRM=200E;RLM=200F;"
            + "LRE=202A;RLE=202B;PDF=202C;LRO=202D;RLO=202E;NNBSP=202F;MMSP=205F;WJ=2060;LRI=2066;RLI=2067;"
            + "FSI=2068;PDI=2069;ZWNBSP=FEFF;BOM=FEFF";

    private static final Map<String, Integer> ALIAS = aliases();

    private static final String[] JAMO_LEAD = {"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ",
        "C", "K", "T", "P", "H"};
    private static final String[] JAMO_VOWEL = {"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE",
        "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"};
    private static final String[] JAMO_TAIL = {"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS",
        "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"};
    private static final int HANGUL_FIRST = 0xAC00;
    private static final String HANGUL = "HANGUL SYLLABLE ";
    private static final String CJK = "CJK UNIFIED IDEOGRAPH-";

    private UnicodeNames() {
    }

    /** The code point of the name, or -1 when CPython knows no such name. */
    static int codePoint(String name) {
        if (name.startsWith(CJK)) {
            return unifiedIdeograph(name.substring(CJK.length()));
        }
        if (name.startsWith(HANGUL)) {
            return HangulNames.SYLLABLES.getOrDefault(name.substring(HANGUL.length()), -1);
        }
        Integer alias = ALIAS.get(name.toUpperCase(Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        int cp;
        try {
            cp = Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return Character.getType(cp) == Character.CONTROL || unnamed(cp) ? -1 : cp;
    }

    private static int unifiedIdeograph(String hex) {
        if (hex.length() < 4 || hex.length() > 5 || !hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
            return -1;
        }
        int cp = Integer.parseInt(hex, 16);
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return Character.isDefined(cp) && Character.isIdeographic(cp) && block != null
                && block.toString().startsWith("CJK_UNIFIED_IDEOGRAPHS") ? cp : -1;
    }

    /** Whether Unicode gives the character no name, so that Java names it by its block and number. */
    private static boolean unnamed(int cp) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block != null && (block.toString().replace('_', ' ') + " " + Integer.toHexString(cp).toUpperCase(Locale.ROOT))
                .equals(Character.getName(cp));
    }

    private static Map<String, Integer> aliases() {
        Map<String, Integer> m = new HashMap<>();
        for (String entry : ALIASES.split(";")) {
            int eq = entry.indexOf('=');
            m.put(entry.substring(0, eq), Integer.parseInt(entry.substring(eq + 1), 16));
        }
        for (int k = 1; k <= 256; k++) {   // variation selectors: VS1-VS16 and VS17-VS256
            m.put("VS" + k, k <= 16 ? 0xFE00 + k - 1 : 0xE0100 + k - 17);
        }
        return Map.copyOf(m);
    }

    /** The 11,172 syllable names, made when a {@code HANGUL SYLLABLE} name is first looked up. */
    private static final class HangulNames {
        static final Map<String, Integer> SYLLABLES = syllables();

        private static Map<String, Integer> syllables() {
            Map<String, Integer> m = new HashMap<>();
            for (int s = 0; s < JAMO_LEAD.length * JAMO_VOWEL.length * JAMO_TAIL.length; s++) {
                int lead = s / (JAMO_VOWEL.length * JAMO_TAIL.length);
                int vowel = s / JAMO_TAIL.length % JAMO_VOWEL.length;
                int tail = s % JAMO_TAIL.length;
                m.put(JAMO_LEAD[lead] + JAMO_VOWEL[vowel] + JAMO_TAIL[tail], HANGUL_FIRST + s);
            }
            return Map.copyOf(m);
        }
    }
}
