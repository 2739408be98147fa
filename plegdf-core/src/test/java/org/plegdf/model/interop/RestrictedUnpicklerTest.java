package org.plegdf.model.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Hand-written pickles (bytes as Python's pickletools documents them) for what torch.save never
 * writes but a file may hold: protocol-0 text opcodes, malformed arguments, objects that contain
 * themselves, globals through INST and STACK_GLOBAL.
 */
class RestrictedUnpicklerTest {
    private static Object load(String pickle) {
        byte[] b = pickle.getBytes(StandardCharsets.ISO_8859_1);
        return RestrictedUnpickler.load(new PickleInput(new ByteArrayInputStream(b), b.length), "f.pkl", false).value();
    }

    private static void refused(String pickle, String why) {
        assertThatThrownBy(() -> load(pickle))
                .isInstanceOfSatisfying(PlegdfException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_WEIGHTS))
                .hasMessageStartingWith("f.pkl: ")
                .hasMessageContaining(why);
    }

    @Test
    void protocolZeroTextOpcodesBuildData() {
        Object o = load("(dp0\nS'a'\np1\nI01\nsS'b'\np2\nL12345678901234567890L\nsVc\np3\n(lp4\nF0.5\naI-7\naNasS'd'\ng4\ns.");
        assertThat(o).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) o;
        assertThat(m.get("a")).isEqualTo(1L);
        assertThat(m.get("b")).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(m.get("c")).isEqualTo(java.util.Arrays.asList(0.5, -7L, null));
        assertThat(m.get("d")).isSameAs(m.get("c")); // GET 4: the memo's list, not a copy
    }

    @Test
    void binaryOpcodesBuildData() {
        // PROTO 2, EMPTY_LIST, MARK, BININT1 1, BININT2 513, BININT -2, NEWTRUE, SHORT_BINUNICODE "é", APPENDS, TUPLE1, STOP
        Object o = load("\u0080\u0002](K\u0001M\u0001\u0002J\u00fe\u00ff\u00ff\u00ff\u0088\u008c\u0002\u00c3\u00a9e\u0085.");
        assertThat(o).isInstanceOf(RestrictedUnpickler.Tuple.class);
        assertThat(((RestrictedUnpickler.Tuple) o).items()).containsExactly(List.of(1L, 513L, -2L, true, "é"));
    }

    @Test
    void globalsAreRefusedWhicheverOpcodeNamesThem() {
        refused("cos\nsystem\n(S'touch x'\ntR.", "the Python global 'os.system'");
        refused("(ios\nsystem\nS'touch x'\n.", "the Python global 'os.system'");
        refused("\u0080\u0004\u008c\u0008builtins\u008c\u0004eval\u0093.", "the Python global 'builtins.eval'");
        refused("ctorch\nFloatStorage\n)R.", "refused to call 'torch.FloatStorage'");
    }

    @Test
    void objectBuildingOpcodesAreRefused() {
        refused("\u0080\u0002ccollections\nOrderedDict\n)\u0081.", "NEWOBJ");
        refused("\u0080\u0004\u008f.", "for sets");
    }

    @Test
    void malformedPicklesAreOneLineNotACrash() {
        refused("I12x\n.", "malformed pickle");
        refused("\u0080\u0002]a.", "the stack is empty");
        refused("\u0080\u0002h\u0005.", "memo entry 5 is not defined");
        refused("\u0080\u0002X\u00ff\u00ff\u00ff\u007fabc.", "truncated or damaged");
        refused("\u0080\u0002]]", "truncated or damaged");
        refused("\u0080\u0002}]K\u0001s.", "unsupported dict key of type list");
    }

    @Test
    void aStructureThatContainsItselfIsRefused() {
        // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND: the list appended to itself
        refused("\u0080\u0002]q\u0000h\u0000a.", "contains itself");
    }

    @Test
    void persistentIdsOnlyWhereStoragesAreExpected() {
        refused("\u0080\u0002(X\u0007\u0000\u0000\u0000storagetQ.", "unexpected persistent id");
    }
}
