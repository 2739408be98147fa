package org.plegdf.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The lock of an output folder that one process writes (a training run, an ablation study, a
 * cross-validation, a preprocess output): a file {@value #FILE} in the folder holding the owner's
 * pid, locked with the operating system's file lock for as long as the owner runs. A second
 * process is refused with one line naming the owner. The operating system drops the lock when the
 * owner ends in any way (even {@code kill -9}), so a lock file left behind is recognised as stale
 * and taken over.
 *
 * @see #acquire(Path, String)
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name. */
    public static final String FILE = ".plegdf.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks a folder, creating it when needed.
     *
     * @param dir the folder
     * @param what what is written there, for the refusal ("training run", "preprocess output")
     * @return the lock; close it when done
     * @throws PlegdfException OUTPUT_NOT_WRITABLE when another process holds it, or the folder
     *     cannot be created or locked
     */
    public static RunLock acquire(Path dir, String what) {
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (another run in the same JVM)
            }
            if (lock == null) {
                String owner = owner(ch);
                ch.close();
                throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": another plegdf process (" + owner + ") is writing this "
                        + what + "; wait for it to finish, or use another folder");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, dir + ": cannot lock the folder: " + e.getMessage(), e);
        }
    }

    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "pid unknown" : s;
    }

    /**
     * Releases the lock. The emptied file stays: removing it could let two later processes lock two
     * different files of the same name.
     */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // The operating system releases the lock when the channel closes; a leftover file is stale.
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
