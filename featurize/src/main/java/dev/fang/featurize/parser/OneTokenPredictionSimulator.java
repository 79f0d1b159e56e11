package dev.fang.featurize.parser;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;

/**
 * ANTLR's prediction, with a shortcut for its commonest case. The operator rules are left-recursive, and ANTLR
 * predicts every decision that can reach their precedence checks with the full machinery (mark the stream, walk
 * the DFA, seek back), even the loops that one token settles: whether an operand has another trailer, whether
 * an operator follows it. Most calls therefore end at the first DFA edge, in a state that already decides the
 * alternative; this returns that alternative directly. The few decisions that need a second or third token
 * (whether a name is followed by {@code =} or {@code :=}, an argument by {@code for}) walk the cached edges on
 * the same way, reading ahead with {@link TokenStream#LA} instead of consuming and seeking back. Anything else
 * (no cached edge yet, predicates, a conflict) goes to ANTLR's own {@link ParserATNSimulator#adaptivePredict},
 * so every prediction is the one ANTLR makes, from the same shared DFA.
 */
final class OneTokenPredictionSimulator extends ParserATNSimulator {

    OneTokenPredictionSimulator(Parser parser, ParserATNSimulator shared) {
        super(parser, shared.atn, shared.decisionToDFA, shared.getSharedContextCache());
    }

    @Override
    public int adaptivePredict(TokenStream input, int decision, ParserRuleContext outerContext) {
        DFA dfa = decisionToDFA[decision];
        DFAState state = dfa.isPrecedenceDfa() ? dfa.getPrecedenceStartState(parser.getPrecedence()) : dfa.s0;
        // ANTLR's walk stops reading at EOF and decides there; LA past the end of the stream stays EOF as well
        for (int ahead = 1; state != null; ahead++) {
            DFAState next = getExistingTargetState(state, input.LA(ahead));
            if (next == null || next == ERROR || next.requiresFullContext) {
                break;
            }
            if (next.isAcceptState) {
                if (next.predicates == null) {
                    return next.prediction;
                }
                break;
            }
            state = next;
        }
        return super.adaptivePredict(input, decision, outerContext);
    }
}
