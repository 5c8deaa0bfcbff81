package dev.lockstep.flow;

/**
 * When a {@link Need} is decided. The runtime resumes as soon as the join is decided and cancels the
 * effects that no longer matter (running ones are cancelled, pending ones never start). An effect
 * "finishes" when it succeeded or failed for good (after its retries); a timed-out attempt is a
 * failure.
 *
 * <table>
 * <caption>Join rules</caption>
 * <tr><th>join</th><th>succeeds</th><th>fails</th></tr>
 * <tr><td>ALL</td><td>every effect finished (optional ones may have failed)</td><td>at the first required failure</td></tr>
 * <tr><td>ALL_REQUIRED</td><td>every required effect finished (optional ones still running are cancelled)</td><td>at the first required failure</td></tr>
 * <tr><td>ANY</td><td>at the first completion, unless it is a required failure</td><td>when the first completion is a required failure</td></tr>
 * <tr><td>FIRST_SUCCESS</td><td>at the first success</td><td>at a required failure, or when everything finished without a success; never at an optional failure</td></tr>
 * </table>
 */
public enum Join {
    ALL,
    ALL_REQUIRED,
    ANY,
    FIRST_SUCCESS
}
