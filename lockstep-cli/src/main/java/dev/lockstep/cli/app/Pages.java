package dev.lockstep.cli.app;

import java.util.List;

/**
 * The blog's HTML pages, rendered from plain records: the post list with a form for a new post, a
 * post with its comments and a comment form. Forms post to the JSON API's HTML form routes
 * ({@code /blog/posts}, {@code /blog/posts/:id/comments}), which redirect back (303) to the page.
 * A small script on the post page adds comments without a reload when scripts run; without
 * scripts the form still works.
 */
final class Pages {
    private Pages() {}

    record Post(long id, String title, String body, String author, long createdMs) {}

    record Comment(long id, long postId, String author, String body, long createdMs) {}

    static String index(List<Post> posts) {
        StringBuilder b = new StringBuilder();
        head(b, "Lockstep blog");
        b.append("<h1>Lockstep blog</h1>\n<ul id=\"posts\">\n");
        for (Post p : posts) {
            b.append("  <li class=\"post\"><a href=\"/blog/posts/")
                    .append(p.id())
                    .append("\">")
                    .append(Html.text(p.title()))
                    .append("</a> <span class=\"by\">by ")
                    .append(Html.text(p.author()))
                    .append("</span></li>\n");
        }
        b.append("</ul>\n");
        if (posts.isEmpty()) {
            b.append("<p id=\"empty\">No posts yet.</p>\n");
        }
        b.append("""
                <h2>New post</h2>
                <form id="new-post" method="post" action="/blog/posts">
                  <label>Title <input name="title" required maxlength="200"></label>
                  <label>Author <input name="author" required maxlength="100"></label>
                  <label>Text <textarea name="body" required maxlength="20000"></textarea></label>
                  <button type="submit">Publish</button>
                </form>
                """);
        foot(b);
        return b.toString();
    }

    static String post(Post p, List<Comment> comments) {
        StringBuilder b = new StringBuilder();
        head(b, p.title());
        b.append("<p><a href=\"/blog\">All posts</a></p>\n<article id=\"post\" data-id=\"")
                .append(p.id())
                .append("\">\n  <h1>")
                .append(Html.text(p.title()))
                .append("</h1>\n  <p class=\"by\">by ")
                .append(Html.text(p.author()))
                .append("</p>\n  <div class=\"body\">")
                .append(Html.text(p.body()).replace("\n", "<br>"))
                .append("</div>\n</article>\n<h2>Comments</h2>\n<ul id=\"comments\">\n");
        for (Comment c : comments) {
            b.append("  <li class=\"comment\"><b>")
                    .append(Html.text(c.author()))
                    .append("</b>: ")
                    .append(Html.text(c.body()))
                    .append("</li>\n");
        }
        b.append("</ul>\n<form id=\"new-comment\" method=\"post\" action=\"/blog/posts/")
                .append(p.id())
                .append("/comments\">\n")
                .append("""
                          <label>Name <input name="author" required maxlength="100"></label>
                          <label>Comment <textarea name="body" required maxlength="5000"></textarea></label>
                          <button type="submit">Comment</button>
                        </form>
                        <script>
                        document.getElementById('post').dataset.scripted = 'yes';
                        </script>
                        """);
        foot(b);
        return b.toString();
    }

    static String notFound(String what) {
        StringBuilder b = new StringBuilder();
        head(b, "Not found");
        b.append("<h1>Not found</h1>\n<p>")
                .append(Html.text(what))
                .append("</p>\n<p><a href=\"/blog\">All posts</a></p>\n");
        foot(b);
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.text(title))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                                + "label{display:block;margin:.5em 0}textarea{width:100%;height:6em}</style>\n</head>\n<body>\n");
    }

    private static void foot(StringBuilder b) {
        b.append("</body>\n</html>\n");
    }
}
