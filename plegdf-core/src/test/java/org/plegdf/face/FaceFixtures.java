package org.plegdf.face;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The annotated face photos in {@code ../shared/fixtures/faces} (dlib's imglab XML), read-only. */
public final class FaceFixtures {
    private FaceFixtures() {}

    /**
     * Eye centres in Tom_Cruise_avp_2014_4.jpg (565 x 800), annotated by hand for these tests as
     * the centre of each eye opening, read at 4x zoom (about +-2 px): the photo has no landmark
     * file. The eyes are 181 px apart and tilted 5.7 degrees.
     */
    public static final EyePair TOM_CRUISE_EYES = new EyePair(new Point2(188, 378), new Point2(368, 396));

    /** One annotated face: its box and, when present, the 68 iBUG landmarks. */
    record Face(double x, double y, double width, double height, Point2[] parts) {
        FaceBox box() {
            return new FaceBox(x, y, width, height, 0, 0, null);
        }

        /** Eye centres as the mean of landmarks 36-41 and 42-47. */
        EyePair eyes() {
            return new EyePair(mean(36, 42), mean(42, 48));
        }

        private Point2 mean(int from, int to) {
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += parts[i].x();
                sy += parts[i].y();
            }
            return new Point2(sx / (to - from), sy / (to - from));
        }
    }

    /** A photo and its faces. */
    record Photo(Path file, List<Face> faces) {}

    /** @return the fixtures folder; skips the test when it is absent */
    static Path dir() {
        String p = System.getProperty("plegdf.fixtures", "../../shared/fixtures");
        Path d = Path.of(p, "faces");
        assumeThat(Files.isDirectory(d)).as("face fixtures at " + d).isTrue();
        return d;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static List<Photo> read(String xml) throws Exception {
        Path dir = dir();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(dir.resolve(xml).toFile());
        NodeList images = doc.getElementsByTagName("image");
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            NodeList boxes = img.getElementsByTagName("box");
            List<Face> faces = new ArrayList<>();
            for (int j = 0; j < boxes.getLength(); j++) {
                Element b = (Element) boxes.item(j);
                NodeList partNodes = b.getElementsByTagName("part");
                Point2[] parts = new Point2[partNodes.getLength()];
                for (int k = 0; k < parts.length; k++) {
                    Element p = (Element) partNodes.item(k);
                    parts[Integer.parseInt(p.getAttribute("name"))] =
                            new Point2(Double.parseDouble(p.getAttribute("x")), Double.parseDouble(p.getAttribute("y")));
                }
                faces.add(new Face(num(b, "left"), num(b, "top"), num(b, "width"), num(b, "height"), parts));
            }
            photos.add(new Photo(dir.resolve(img.getAttribute("file")), faces));
        }
        return photos;
    }

    private static double num(Element e, String attr) {
        return Double.parseDouble(e.getAttribute(attr));
    }
}
