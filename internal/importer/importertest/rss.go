package importertest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// ChildEnv is the environment variable that tells a test binary it runs as the
// child of PeakRSS; its value is what the child is to do.
const ChildEnv = "EXPORTIVA_RSS_CHILD"

// Budget is the most an upload may add to the peak resident memory of the
// process that reads it, over the same process reading a small valid file.
const Budget = 64 << 20

const peakPrefix = "PEAK_RSS_BYTES "

// PeakRSS runs the test binary again with only the test run (a -test.run
// pattern) and ChildEnv set to job, and returns the child's peak resident set
// size in bytes and its standard output. The child must call ReportPeak when
// done.
//
// The peak is the child's own high-water mark (VmHWM of /proc/self/status),
// read by the child: the Maxrss that wait4 reports for a child that os/exec
// started carries the parent's high-water mark, because Go starts children
// with vfork semantics (the kernel records the shared memory's peak at exec).
// The test is skipped where /proc is missing (not Linux).
func PeakRSS(t testing.TB, run, job string, env ...string) (int64, string) {
	t.Helper()
	skipUnmeasurable(t)
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1") //nolint:gosec // G204: the test binary itself, running one of its own tests
	cmd.Env = append(append(os.Environ(), ChildEnv+"="+job), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("child %s: %v\n%s\n%s", job, err, out.String(), errOut.String())
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if s, ok := strings.CutPrefix(l, peakPrefix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				t.Fatalf("child %s: %q", job, l)
			}
			return n, out.String()
		}
	}
	t.Fatalf("child %s did not report its peak:\n%s\n%s", job, out.String(), errOut.String())
	return 0, ""
}

func skipUnmeasurable(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the peak RSS is read from /proc/self/status")
	}
	if raceEnabled {
		t.Skip("the race detector multiplies memory use: peaks are measured without it")
	}
}

// ReportPeak prints the process's peak resident set size for PeakRSS.
func ReportPeak() {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(s), " kB"), 10, 64)
			fmt.Printf("\n%s%d\n", peakPrefix, kb<<10)
		}
	}
}

// Child is a child process of the test binary that runs until Stop.
type Child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	err   bytes.Buffer
}

// StartChild starts the test binary again with only the test run and ChildEnv
// set to job, and returns it with the first line it prints (what the parent
// needs to talk to it: an address).
func StartChild(t testing.TB, run, job string) (*Child, string) {
	t.Helper()
	skipUnmeasurable(t)
	c := &Child{cmd: exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1")} //nolint:gosec // G204 as above
	c.cmd.Env = append(os.Environ(), ChildEnv+"="+job)
	c.cmd.Stderr = &c.err
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Kill()
			_ = c.cmd.Wait()
		}
	})
	c.out = bufio.NewReader(stdout)
	for {
		line, err := c.out.ReadString('\n')
		if err != nil {
			t.Fatalf("child %s: %v\n%s", job, err, c.err.String())
		}
		if s, ok := strings.CutPrefix(line, "CHILD "); ok {
			return c, strings.TrimSpace(s)
		}
	}
}

// Stop tells the child to end (it reads its standard input to the end, see
// WaitForParent), waits for it and returns its peak resident set size.
func (c *Child) Stop(t testing.TB) int64 {
	t.Helper()
	_ = c.stdin.Close()
	rest, _ := io.ReadAll(c.out)
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s\n%s", err, rest, c.err.String())
	}
	for _, l := range strings.Split(string(rest), "\n") {
		if s, ok := strings.CutPrefix(l, peakPrefix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	t.Fatalf("child did not report its peak:\n%s\n%s", rest, c.err.String())
	return 0
}

// Announce prints, in a child, the line StartChild returns.
func Announce(s string) { fmt.Printf("CHILD %s\n", s) }

// WaitForParent blocks, in a child, until the parent calls Stop.
func WaitForParent() { _, _ = io.Copy(io.Discard, os.Stdin) }
