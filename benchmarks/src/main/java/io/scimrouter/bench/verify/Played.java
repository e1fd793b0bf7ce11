package io.scimrouter.bench.verify;

import io.scimrouter.bench.http.ScimHttpClient.Answer;
import io.scimrouter.compare.JsonValue;

/**
 * A request a step sent and the answer it got.
 *
 * @param json the answer's body as JSON, or null when empty or not JSON
 */
record Played(String method, String path, Answer answer, JsonValue json) {
    int status() {
        return answer.status();
    }

    boolean ok() {
        return status() >= 200 && status() < 300;
    }
}
