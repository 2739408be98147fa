package org.plegdf.face;

/**
 * Head orientation in degrees, camera frame (x right, y down, z away from the camera), intrinsic
 * angles of the head relative to facing the camera: {@code yaw} turns the head to the image's
 * right (positive) or left, {@code pitch} tilts the chin down (positive) or up, {@code roll} turns
 * the face clockwise in the image (positive, the sign of {@link EyePair#angleDegrees()}).
 *
 * @param yaw rotation about the vertical axis
 * @param pitch rotation about the horizontal axis
 * @param roll rotation in the image plane
 */
public record HeadPose(double yaw, double pitch, double roll) {}
