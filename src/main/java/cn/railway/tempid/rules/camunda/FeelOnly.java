package cn.railway.tempid.rules.camunda;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The first check of every decision table deployed: its expressions are FEEL and nothing else.
 * JUEL, JavaScript, Groovy or any other language a DMN file may name ({@code expressionLanguage} on
 * the definitions, an input expression, an input or output entry, a literal expression) would run
 * Java code on the server; so would a FEEL {@code external} function, which names a Java class and
 * method. Both are refused, naming the table, the element (row or column id) and what is wrong. The
 * file is read with a parser that accepts no DTD, so a deployment cannot make the server read files
 * or URLs (XXE) either.
 */
final class FeelOnly {
  /** The names DMN and Camunda give FEEL (any case). */
  private static final Set<String> FEEL =
      Set.of(
          "feel",
          "feel-scala",
          "http://www.omg.org/spec/feel/20140401",
          "https://www.omg.org/spec/dmn/20191111/feel/",
          "https://www.omg.org/spec/dmn/20180521/feel/",
          "http://www.omg.org/spec/dmn/20180521/feel/",
          "https://www.omg.org/spec/dmn/20230324/feel/",
          "https://www.omg.org/spec/dmn/20211108/feel/");

  /** A FEEL function whose body is a Java method: {@code function(x) external {java: …}}. */
  private static final Pattern EXTERNAL_FUNCTION =
      Pattern.compile("\\bexternal\\s*\\{", Pattern.CASE_INSENSITIVE);

  private FeelOnly() {}

  /** One thing wrong with a table, in words an analyst understands. */
  record Failure(String resource, String element, String problem) {
    @Override
    public String toString() {
      return resource + (element == null ? "" : " (" + element + ")") + ": " + problem;
    }
  }

  static List<Failure> check(String resource, byte[] xml) {
    List<Failure> failures = new ArrayList<>();
    Document document;
    try {
      document = parser().parse(new ByteArrayInputStream(xml));
    } catch (Exception unreadable) {
      failures.add(
          new Failure(
              resource,
              null,
              "not a readable DMN file without a DOCTYPE ("
                  + unreadable.getClass().getSimpleName()
                  + ")"));
      return failures;
    }
    walk(resource, document.getDocumentElement(), failures);
    return failures;
  }

  private static void walk(String resource, Element element, List<Failure> failures) {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String name =
          attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
      if (name.equalsIgnoreCase("expressionLanguage")
          && !FEEL.contains(attribute.getValue().strip().toLowerCase(Locale.ROOT))) {
        failures.add(
            new Failure(
                resource,
                where(element),
                "expression language \""
                    + attribute.getValue()
                    + "\" is not allowed: write the expression in FEEL (remove the"
                    + " expressionLanguage attribute)"));
      }
    }
    if (element.getLocalName() != null && element.getLocalName().equals("text")) {
      String text = element.getTextContent();
      if (text != null && EXTERNAL_FUNCTION.matcher(text).find()) {
        failures.add(
            new Failure(
                resource,
                where(element),
                "a FEEL external function calls Java code and is not allowed"));
      }
    }
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child) {
        walk(resource, child, failures);
      }
    }
  }

  /** Where an analyst finds it: the decision, and the row or column with its cell. */
  private static String where(Element element) {
    List<String> path = new ArrayList<>();
    for (Node node = element; node instanceof Element e; node = e.getParentNode()) {
      String kind = e.getLocalName();
      if (PLACES.contains(kind) && !e.getAttribute("id").isEmpty()) {
        path.add(0, kind + " " + e.getAttribute("id"));
      }
      if ("decision".equals(kind)) {
        break;
      }
    }
    return path.isEmpty() ? null : String.join(", ", path);
  }

  private static final Set<String> PLACES =
      Set.of(
          "decision",
          "input",
          "output",
          "rule",
          "inputEntry",
          "outputEntry",
          "inputExpression",
          "literalExpression");

  private static DocumentBuilder parser() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder;
  }
}
