// Reference check for plegdf's Java port of dlib's shape predictor (not part of the build).
// Prints dlib's own 68 points for every box of a dlib XML dataset, and their mean error against
// the points in the file. Build and run: see README.md beside this file.
#include <dlib/image_processing.h>
#include <dlib/image_io.h>
#include <dlib/data_io.h>
#include <cstdio>
using namespace dlib;
int main(int argc, char** argv) {
    if (argc != 3) { std::fprintf(stderr, "usage: landmarks MODEL.dat DATASET.xml\n"); return 2; }
    shape_predictor sp;
    deserialize(argv[1]) >> sp;
    dlib::array<array2d<unsigned char>> images;
    std::vector<std::vector<full_object_detection>> faces;
    load_image_dataset(images, faces, argv[2]);
    double err = 0; long n = 0;
    for (unsigned long i = 0; i < images.size(); ++i)
        for (unsigned long j = 0; j < faces[i].size(); ++j) {
            full_object_detection d = sp(images[i], faces[i][j].get_rect());
            for (unsigned long k = 0; k < d.num_parts(); ++k) {
                std::printf("%lu %lu %lu %ld %ld\n", i, j, k, d.part(k).x(), d.part(k).y());
                err += length(d.part(k) - faces[i][j].part(k)); ++n;
            }
        }
    std::fprintf(stderr, "mean error %.3f px over %ld points\n", err / n, n);
}
