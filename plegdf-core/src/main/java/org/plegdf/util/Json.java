package org.plegdf.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** The one Jackson mapper plegdf uses: indented output, unknown fields are errors. */
public final class Json {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {}

    /** @return the shared mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a value as indented JSON, atomically (temp file, then rename).
     *
     * @param file destination
     * @param value any Jackson-serialisable value
     */
    public static void write(Path file, Object value) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(value);
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON file into a type.
     *
     * @param file the file
     * @param type the class to bind to
     * @param exitCode the exit code to use when the file is missing or malformed
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(Path file, Class<T> type, int exitCode) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new PlegdfException(exitCode, file + ": file not found", e);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new PlegdfException(exitCode, file + ": not valid " + type.getSimpleName() + " JSON: " + msg, e);
        }
    }
}
